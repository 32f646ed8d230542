package dev.roomcast.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.roomcast.cluster.UserDirectory;
import dev.roomcast.cluster.UserConnections;
import dev.roomcast.protocol.CloseCode;
import dev.roomcast.protocol.RawJson;
import dev.roomcast.room.Publisher;
import dev.roomcast.room.ReadMarks;
import dev.roomcast.security.RequestLimits;
import dev.roomcast.session.Identity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;

/** A user across the cluster: private messages to every connection, who is connected where, and disconnecting. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
@SecurityRequirement(name = "apiKey")
public class UsersResource {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final ApiCalls calls;
    private final UserDirectory users;
    private final Publisher publisher;
    private final RequestLimits limits;
    private final Senders senders;
    private final ReadMarks readMarks;

    UsersResource(ApiCalls calls, UserDirectory users, Publisher publisher, RequestLimits limits, Senders senders,
            ReadMarks readMarks) {
        this.readMarks = readMarks;
        this.calls = calls;
        this.users = users;
        this.publisher = publisher;
        this.limits = limits;
        this.senders = senders;
    }

    /** The body of a disconnect: both optional. */
    @io.quarkus.runtime.annotations.RegisterForReflection // read from a String body, which the native build cannot see
    public record Disconnect(
            @Schema(description = "A close code 4000-4999; default 4004", example = "4004") Integer code,
            @Schema(description = "Up to 123 bytes; default 'disconnected by server'", example = "banned") String reason) {
    }

    @GET
    @Path("/{user}")
    @Operation(summary = "The user's connections and their rooms, on every instance")
    @APIResponse(responseCode = "200", description = "{\"user\":\"alice\",\"connections\":[{\"instance\":\"…\",\"id\":\"…\","
            + "\"rooms\":[\"lobby\"]}],\"complete\":true}; complete is false when an instance with some did not answer in time")
    @APIResponse(responseCode = "404", description = "unknown_user: nobody by that id is connected")
    public Uni<Response> user(@PathParam("user") String user) {
        return calls.run(ApiEndpoint.USER, () -> users.connectionsOf(checked(user)), found -> reply(user, found, "connections"));
    }

    @DELETE
    @Path("/{user}/connections")
    @Operation(summary = "Close every connection of the user, on every instance", description = "Each is closed with the "
            + "code (default 4004, 'disconnected by server'); the clients shipped with Roomcast do not reconnect after 4004.")
    @APIResponse(responseCode = "200", description = "{\"user\":\"alice\",\"closed\":[…],\"complete\":true}")
    @APIResponse(responseCode = "404", description = "unknown_user: nobody by that id is connected")
    @Consumes(MediaType.WILDCARD) // a DELETE usually comes without a body, and often without a Content-Type
    @RequestBody(required = false, content = @Content(schema = @Schema(implementation = Disconnect.class)))
    public Uni<Response> disconnect(@PathParam("user") String user, String text) {
        return calls.run(ApiEndpoint.USER_DISCONNECT, () -> {
            Disconnect body = text == null || text.isBlank() ? null : parse(text);
            int code = body == null || body.code() == null ? CloseCode.DISCONNECTED.code() : body.code();
            String reason = body == null || body.reason() == null ? CloseCode.DISCONNECTED.reason() : body.reason();
            if (code < 4000 || code > 4999) {
                throw new ApiProblem(400, "invalid_message", "code must be 4000-4999");
            }
            if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
                throw new ApiProblem(400, "invalid_message", "reason must be at most 123 bytes (UTF-8)");
            }
            return users.disconnect(checked(user), code, reason);
        }, closed -> reply(user, closed, "closed"));
    }

    private static Disconnect parse(String text) {
        try {
            return JSON.readValue(text, Disconnect.class);
        } catch (java.io.IOException e) {
            throw new ApiProblem(400, "malformed_json", "the body is not {\"code\": 4000-4999, \"reason\": \"...\"}");
        }
    }

    private static String checked(String user) {
        if (!Identity.USER_ID.matcher(user).matches()) {
            throw new ApiProblem(400, "invalid_message", "a user id is 1-64 of A-Z a-z 0-9 _ . : @ -");
        }
        return user;
    }

    private static Response reply(String user, UserConnections found, String field) {
        if (found.connections().isEmpty() && found.complete()) {
            return new ApiProblem(404, "unknown_user", "no connection of " + user + " on any instance").response();
        }
        List<Map<String, Object>> connections = found.connections().stream()
                .map(c -> Map.<String, Object>of("instance", c.instance(), "id", c.id(), "rooms", c.rooms())).toList();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("user", user);
        reply.put(field, connections);
        reply.put("complete", found.complete());
        return Response.ok(reply).build();
    }

    @POST
    @Path("/{user}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A private message to the user's inbox and every connection of the user, on any instance",
            description = "Stored in the user's inbox whether or not the user is connected; replies with its offset there. "
            + "The same id from the same sender is stored once and gets the first offset. With the inbox off "
            + "(roomcast.inbox.size=0) only connected users can be reached.")
    @APIResponse(responseCode = "200", description = "Stored, e.g. {\"offset\": 7}; with the inbox off: {}")
    @APIResponse(responseCode = "404", description = "unknown_user: inbox off, and nobody by that id is connected")
    public Uni<Response> send(@PathParam("user") String user, PublishRequest body) {
        return calls.run(ApiEndpoint.USER_MESSAGE, () -> {
            checked(user);
            RawJson content = Bodies.content(body, limits);
            if (senders.isReserved(user)) {
                throw new ApiProblem(404, "unknown_user", user + " is the API's own sender: nobody connects as it");
            }
            if (publisher.inboxOn()) {
                String id = Bodies.id(body);
                return senders.of(body.from()).compose(from -> publisher.toInbox(user, from, content, id))
                        .map(offset -> (Map<String, Object>) Map.<String, Object>of("offset", offset));
            }
            return senders.of(body.from()).compose(from -> publisher.toUser(user, from, content))
                    .compose(anyone -> anyone ? Future.succeededFuture(Map.<String, Object>of())
                            : Future.failedFuture(new ApiProblem(404, "unknown_user", "no connection of " + user + " on any instance")));
        }, reply -> Response.ok(reply).build());
    }

    @GET
    @Path("/{user}/unread")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The user's unread counts",
            description = "Per room the user has a read position in, and for the inbox: the latest offset, the read "
            + "position, and how many messages after it history still holds (beyond_history: more were missed than that).")
    @APIResponse(responseCode = "200", description = "{\"user\":\"alice\",\"rooms\":[{\"room\":\"lobby\",\"offset\":50,"
            + "\"read_offset\":42,\"unread\":8}],\"inbox\":{\"offset\":7,\"read_offset\":5,\"unread\":2}}")
    public Uni<Response> unread(@PathParam("user") String user) {
        return calls.run(ApiEndpoint.USER_UNREAD, () -> readMarks.unread(checked(user)).map(summary -> {
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("user", user);
            reply.put("rooms", summary.rooms().stream().map(UsersResource::unreadJson).toList());
            if (summary.inbox() != null) {
                reply.put("inbox", unreadJson(summary.inbox()));
            }
            return reply;
        }), reply -> Response.ok(reply).build());
    }

    private static Map<String, Object> unreadJson(ReadMarks.Unread unread) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (unread.room() != null) {
            json.put("room", unread.room());
        }
        json.put("offset", unread.offset());
        if (unread.readOffset() != null) {
            json.put("read_offset", unread.readOffset());
        }
        json.put("unread", unread.unread());
        if (unread.beyondHistory()) {
            json.put("beyond_history", true);
        }
        return json;
    }
}
