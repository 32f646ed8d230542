package dev.roomcast.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.roomcast.cluster.History;
import dev.roomcast.cluster.Presence;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.protocol.RawJson;
import dev.roomcast.room.Publisher;
import dev.roomcast.security.RequestLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;

/** Rooms over HTTP: publish as a backend, and read members and history, through the same paths as WebSocket traffic. */
@Path("/api/v1/rooms")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rooms")
@SecurityRequirement(name = "apiKey")
public class RoomsResource {

    private final ApiCalls calls;
    private final Publisher publisher;
    private final Presence presence;
    private final History history;
    private final RequestLimits limits;
    private final Senders senders;
    private final boolean historyOn;

    RoomsResource(ApiCalls calls, Publisher publisher, Presence presence, History history, RequestLimits limits,
            Senders senders, RoomcastConfig config) {
        this.calls = calls;
        this.publisher = publisher;
        this.presence = presence;
        this.history = history;
        this.limits = limits;
        this.senders = senders;
        this.historyOn = config.history().size() > 0;
    }

    @POST
    @Path("/{room}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish to a room on every instance", description = "Delivered to the room's members like a "
            + "WebSocket client's message, through the room's history. Replies with the message's offset (absent with "
            + "history off). The same id to the same room is published once and gets the first offset.")
    @APIResponse(responseCode = "200", description = "Published, e.g. {\"offset\": 42}")
    @APIResponse(responseCode = "400", description = "invalid_room, invalid_message or malformed_json")
    @APIResponse(responseCode = "403", description = "forbidden: from names a connected user")
    @APIResponse(responseCode = "413", description = "content_too_large")
    @APIResponse(responseCode = "503", description = "fanout_unavailable: delivered on this instance only")
    public Uni<Response> publish(@PathParam("room") String room, PublishRequest body) {
        return calls.run(ApiEndpoint.ROOM_MESSAGE, () -> {
            limits.checkRoomName(room, null);
            RawJson content = Bodies.content(body, limits);
            String id = Bodies.id(body);
            // no publish hook: the backend publishing here is the one the hook would ask
            return senders.of(body.from()).compose(from -> publisher.toRoom(room, from, content, id, null));
        }, offset -> Response.ok(offset == null ? Map.of() : Map.of("offset", offset)).build());
    }

    @GET
    @Operation(summary = "Rooms with members across the cluster, by name prefix, with their member counts",
            description = "Paged: pass next as cursor for the next page. A page holds about limit rooms (with Redis, "
                    + "what the SCAN calls took returned), in name order within the page; with Redis a room may "
                    + "repeat on a later page while rooms come and go.")
    @APIResponse(responseCode = "200", description = "{\"rooms\":[{\"room\":\"team-a\",\"count\":3}],\"next\":\"17\"}")
    public Uni<Response> rooms(@Parameter(description = "only rooms whose names start with this") @QueryParam("prefix") String prefix,
            @Parameter(description = "the next of the page before") @QueryParam("cursor") String cursor,
            @Parameter(description = "1-1000, default 100") @QueryParam("limit") String limit) {
        return calls.run(ApiEndpoint.ROOMS, () -> presence.rooms(prefix == null ? "" : prefix,
                cursor == null || cursor.isEmpty() ? null : cursor, Bodies.limit(limit, 100)), page -> {
                    Map<String, Object> reply = new LinkedHashMap<>();
                    reply.put("rooms", page.rooms().stream().map(r -> Map.of("room", r.room(), "count", r.count())).toList());
                    if (page.next() != null) {
                        reply.put("next", page.next());
                    }
                    return Response.ok(reply).build();
                });
    }

    @GET
    @Path("/{room}/members")
    @Operation(summary = "A page of the room's members across the cluster, in user id order")
    @APIResponse(responseCode = "200", description = "{\"room\":\"lobby\",\"count\":2,\"users\":[\"alice\",\"bob\"],\"next\":\"bob\"}; "
            + "next, when present, is the after of the next page")
    public Uni<Response> members(@PathParam("room") String room,
            @Parameter(description = "start after this user id") @QueryParam("after") String after,
            @Parameter(description = "1-1000, default 100") @QueryParam("limit") String limit) {
        return calls.run(ApiEndpoint.ROOM_MEMBERS, () -> {
            limits.checkRoomName(room, null);
            int size = Bodies.limit(limit, 100);
            return Future.all(presence.page(room, after, size), presence.count(room));
        }, both -> {
            Presence.Page page = both.resultAt(0);
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("room", room);
            reply.put("count", both.<Long>resultAt(1));
            reply.put("users", page.users());
            if (page.next() != null) {
                reply.put("next", page.next());
            }
            return Response.ok(reply).build();
        });
    }

    @GET
    @Path("/{room}/history")
    @Operation(summary = "The room's history after an offset", description = "The messages still held after since "
            + "(default: all held), oldest first, exactly as members received them, at most limit of them; next, "
            + "when present, is the since of the next page. 404 history_off when history is off.")
    @APIResponse(responseCode = "200", description = "{\"room\":\"lobby\",\"epoch\":\"1x4kz0q8w2lbs\",\"offset\":42,"
            + "\"oldest\":1,\"messages\":[{\"type\":\"message\",\"room\":\"lobby\",\"from\":\"bob\",\"content\":\"hi\","
            + "\"ts\":1796182569076,\"offset\":1}]}")
    public Uni<Response> history(@PathParam("room") String room,
            @Parameter(description = "the last offset already seen; default 0") @QueryParam("since") String since,
            @Parameter(description = "1-1000, default 100") @QueryParam("limit") String limit) {
        return calls.run(ApiEndpoint.ROOM_HISTORY, () -> {
            if (!historyOn) {
                throw new ApiProblem(404, "history_off", "history is off (roomcast.history.size=0)");
            }
            limits.checkRoomName(room, null);
            int size = Bodies.limit(limit, 100);
            long after = Bodies.number(since, 0, "since");
            if (after < 0) {
                throw new ApiProblem(400, "invalid_message", "since must be 0 or more");
            }
            return history.read(room, after).map(replay -> page(room, replay, size));
        }, json -> Response.ok(json, MediaType.APPLICATION_JSON).build());
    }

    /** The messages go out as the bytes members got, not re-encoded. */
    private static String page(String room, History.Replay replay, int size) {
        List<History.Entry> entries = replay.entries();
        StringBuilder json = new StringBuilder(256 + entries.size() * 128);
        json.append("{\"room\":").append(io.vertx.core.json.Json.encode(room))
                .append(",\"epoch\":").append(io.vertx.core.json.Json.encode(replay.position().epoch()))
                .append(",\"offset\":").append(replay.position().offset())
                .append(",\"oldest\":").append(replay.oldest())
                .append(",\"messages\":[");
        int n = Math.min(size, entries.size());
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(new String(entries.get(i).message().utf8(), StandardCharsets.UTF_8));
        }
        json.append(']');
        if (n < entries.size()) {
            json.append(",\"next\":").append(entries.get(n - 1).offset());
        }
        return json.append('}').toString();
    }
}
