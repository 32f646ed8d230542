package dev.roomcast.api;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.roomcast.protocol.RawJson;
import dev.roomcast.room.Publisher;
import dev.roomcast.security.RequestLimits;
import io.smallrye.mutiny.Uni;

/** A broadcast from a backend to every connection on every instance. */
@Path("/api/v1/broadcast")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "broadcast")
@SecurityRequirement(name = "apiKey")
public class BroadcastResource {

    private final ApiCalls calls;
    private final Publisher publisher;
    private final RequestLimits limits;
    private final Senders senders;

    BroadcastResource(ApiCalls calls, Publisher publisher, RequestLimits limits, Senders senders) {
        this.calls = calls;
        this.publisher = publisher;
        this.limits = limits;
        this.senders = senders;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "To every connection on every instance")
    @APIResponse(responseCode = "200", description = "Sent, e.g. {\"offset\": 40} (no offset with roomcast.broadcasts.size=0)")
    public Uni<Response> broadcast(PublishRequest body) {
        return calls.run(ApiEndpoint.BROADCAST, () -> {
            RawJson content = Bodies.content(body, limits);
            String id = Bodies.id(body);
            return senders.of(body.from()).compose(from -> publisher.toAll(from, content, id));
        }, offset -> Response.ok(offset == null ? Map.of() : Map.of("offset", offset)).build());
    }
}
