package dev.roomcast.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.roomcast.client.RoomcastListener.Presence;
import dev.roomcast.client.RoomcastListener.RoomMessage;

/**
 * The rooms the client is in: joining them (again after every reconnect, with {@code since}), leaving, their
 * members and their messages, each shown once. Used on the client's thread only.
 */
final class Rooms {

    private final Map<String, ClientRoom> rooms = new LinkedHashMap<>();
    private final Requests requests;
    private final SendQueue queue;
    private final RoomcastListener listener;

    Rooms(Requests requests, SendQueue queue, RoomcastListener listener) {
        this.requests = requests;
        this.queue = queue;
        this.listener = listener;
    }

    /** The room, if the client is in it (joined or joining). */
    ClientRoom get(String name) {
        return rooms.get(name);
    }

    boolean joined(String name) {
        ClientRoom room = rooms.get(name);
        return room != null && room.joined;
    }

    CompletableFuture<Presence> join(String name) {
        ClientRoom joining = rooms.computeIfAbsent(name, ClientRoom::new);
        if (requests.isOpen() && !joining.joined && !joining.joinInFlight) {
            sendJoin(joining);
        }
        return joining.firstJoin;
    }

    CompletableFuture<Void> leave(String name) {
        ClientRoom left = rooms.remove(name);
        RoomcastException gone = new RoomcastException("not_member", "left " + name);
        queue.failRoom(name, gone);
        if (left != null) {
            left.firstJoin.completeExceptionally(gone);
        }
        return requests.isOpen() ? requests.request(Requests.frame("leave").put("room", name)).thenApply(r -> (Void) null)
                : CompletableFuture.completedFuture((Void) null);
    }

    /** After {@code welcome}: every room not joined on this connection is joined, from where it was left. */
    void rejoin() {
        rooms.values().stream().filter(r -> !r.joined && !r.joinInFlight).toList().forEach(this::sendJoin);
    }

    /** {@code joined}: members, the history's position and the read position, then {@code onResumed} for a since. */
    void joined(JsonNode m) {
        requests.settle(m);
        ClientRoom room = rooms.get(m.path("room").asText());
        if (room == null) {
            return;
        }
        Since asked = room.asked;
        room.asked = null;
        Position.Resumption resumed = room.position.resume(m, asked, false);
        Presence change = room.joined(m);
        if (resumed != null) {
            listener.onResumed(room.name, resumed.recovered(), resumed.missed());
        }
        listener.onPresence(change);
        room.firstJoin.complete(change);
        queue.pump(); // what waits for this room goes (again, with its id)
    }

    void message(JsonNode m) {
        String name = m.path("room").asText(null);
        ClientRoom in = rooms.get(name);
        Long offset = m.hasNonNull("offset") ? m.get("offset").asLong() : null;
        if (in == null || in.position.seen(offset)) {
            listener.onMessage(new RoomMessage(name, m.path("from").asText(), m.get("content"), m.path("ts").asLong(), offset,
                    m.get("meta")));
        }
    }

    /** {@code user_joined}, {@code user_left}, {@code presence_diff}. */
    void presence(JsonNode m) {
        ClientRoom room = rooms.get(m.path("room").asText(null));
        if (room == null) {
            return;
        }
        Function<ClientRoom, Presence> change = switch (m.path("type").asText()) {
            case "user_joined" -> r -> r.change(List.of(m.get("user").asText()), List.of());
            case "user_left" -> r -> r.change(List.of(), List.of(m.get("user").asText()));
            default -> r -> r.diff(m);
        };
        listener.onPresence(change.apply(room));
    }

    /** The connection went: every room is to be joined again on the next. */
    void disconnected() {
        rooms.values().forEach(r -> {
            r.joined = false;
            r.joinInFlight = false;
        });
    }

    void failAll(RoomcastException error) {
        rooms.values().forEach(r -> r.firstJoin.completeExceptionally(error));
    }

    private void sendJoin(ClientRoom room) {
        ObjectNode join = Requests.frame("join").put("room", room.name);
        room.joinInFlight = true;
        room.asked = room.position.since();
        if (room.asked != null) {
            join.putObject("since").put("offset", room.asked.offset()).put("epoch", room.asked.epoch());
        }
        requests.request(join).whenComplete((reply, failure) -> {
            room.joinInFlight = false;
            if (failure instanceof RoomcastException refused && !refused.code().equals("disconnected")
                    && !refused.code().equals("closed")) {
                rooms.remove(room.name);
                queue.failRoom(room.name, refused); // what waited to be sent there fails with the join's error
                if (!room.firstJoin.completeExceptionally(refused)) {
                    listener.onError(refused); // joined before, and not again after a reconnect
                }
            }
        });
    }
}
