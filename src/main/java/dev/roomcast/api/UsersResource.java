package dev.roomcast.api;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
import dev.roomcast.session.Identity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;

/** Private messages from a backend to a user's every connection, on any instance. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
@SecurityRequirement(name = "apiKey")
public class UsersResource {

    private final ApiCalls calls;
    private final Publisher publisher;
    private final RequestLimits limits;
    private final Senders senders;

    UsersResource(ApiCalls calls, Publisher publisher, RequestLimits limits, Senders senders) {
        this.calls = calls;
        this.publisher = publisher;
        this.limits = limits;
        this.senders = senders;
    }

    @POST
    @Path("/{user}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A private message to every connection of the user, on any instance")
    @APIResponse(responseCode = "200", description = "Delivered: {}")
    @APIResponse(responseCode = "404", description = "unknown_user: nobody by that id is connected")
    public Uni<Response> send(@PathParam("user") String user, PublishRequest body) {
        return calls.run(ApiEndpoint.USER_MESSAGE, () -> {
            if (!Identity.USER_ID.matcher(user).matches()) {
                throw new ApiProblem(400, "invalid_message", "a user id is 1-64 of A-Z a-z 0-9 _ . : @ -");
            }
            RawJson content = Bodies.content(body, limits);
            return senders.of(body.from()).compose(from -> publisher.toUser(user, from, content))
                    .compose(anyone -> anyone ? Future.succeededFuture(Map.of())
                            : Future.failedFuture(new ApiProblem(404, "unknown_user", "no connection of " + user + " on any instance")));
        }, reply -> Response.ok(reply).build());
    }
}
