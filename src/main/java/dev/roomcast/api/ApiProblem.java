package dev.roomcast.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A refused API request: its HTTP status and the {@code {code, message}} body every API error has. */
public class ApiProblem extends RuntimeException {

    /** The one error shape of the API; codes are the WebSocket protocol's where they mean the same. */
    @io.quarkus.runtime.annotations.RegisterForReflection // serialised from a Response entity, which the native build cannot see
    public record Body(String code, String message) {
    }

    private final int status;
    private final String code;

    public ApiProblem(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    Response response() {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new Body(code, getMessage())).build();
    }
}
