package dev.roomcast.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Failures raised by the REST layer itself (unreadable bodies, wrong methods) in the API's one error shape. */
public class ApiErrors {

    /** More specific than Quarkus's own mapper for it, which answers without the API's error shape. */
    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return new ApiProblem(400, "malformed_json", "the body is not the JSON this endpoint takes").response();
    }

    @ServerExceptionMapper
    public Response rest(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 400 -> "malformed_json";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "content_too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
        return new ApiProblem(status, code, e.getMessage()).response();
    }
}
