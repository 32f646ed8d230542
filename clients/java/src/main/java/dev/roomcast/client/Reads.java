package dev.roomcast.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.roomcast.client.RoomcastListener.ReadPosition;

/**
 * Read positions, shared by every connection of the user: marking a room or the inbox read, and following
 * {@code read_position} from any of them. This connection's own is its acknowledgement, and it carries no ref: a
 * read is confirmed by the position it asked for, or one past it, in its epoch (another connection's may come
 * first). Used on the client's thread only.
 */
final class Reads {

    /** A read waiting for its position; {@code room} null for the inbox. */
    private record Pending(String room, long offset, String epoch, String ref, CompletableFuture<JsonNode> reply) {
    }

    private final Requests requests;
    private final RoomcastListener listener;
    private final Function<String, Position> rooms;
    private final Position inbox;
    private final List<Pending> pending = new ArrayList<>();

    /** @param rooms a room's position, or null when the client is not in it */
    Reads(Requests requests, RoomcastListener listener, Function<String, Position> rooms, Position inbox) {
        this.requests = requests;
        this.listener = listener;
        this.rooms = rooms;
        this.inbox = inbox;
    }

    /**
     * Marks {@code room} (null: the inbox) read up to {@code offset} (null: the latest known); completes with the
     * stored position once the server confirms it (it only moves forward within an epoch).
     */
    CompletableFuture<ReadPosition> read(String room, Long offset) {
        if (!requests.isOpen()) {
            return CompletableFuture.failedFuture(new RoomcastException("disconnected", "not connected"));
        }
        Position position = room == null ? inbox : rooms.apply(room);
        Long at = offset != null ? offset : position == null ? null : position.latest();
        if (at == null || at < 0) {
            return CompletableFuture.failedFuture(new RoomcastException("invalid_message",
                    "no offset to mark read: pass a non-negative one"));
        }
        ObjectNode frame = Requests.frame("read");
        if (room == null) {
            frame.put("inbox", true);
        } else {
            frame.put("room", room);
        }
        frame.put("offset", at);
        String epoch = position == null ? null : position.epoch();
        if (epoch != null) {
            frame.put("epoch", epoch);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        Pending read = new Pending(room, at, epoch, requests.expect("d", reply), reply);
        pending.add(read);
        requests.write(frame.put("ref", read.ref()));
        return reply.whenComplete((done, failure) -> pending.remove(read)) // an error or a disconnect fails it
                .thenApply(m -> new ReadPosition(room, m.get("offset").asLong(), m.path("epoch").asText(null),
                        unread(room)));
    }

    /** {@code read_position}: the room's (or inbox's) read position moved, on this connection or another of the user's. */
    void position(JsonNode m) {
        boolean isInbox = m.path("inbox").asBoolean(false);
        String room = isInbox ? null : m.path("room").asText(null);
        long offset = m.path("offset").asLong();
        String epoch = m.path("epoch").asText(null);
        Position position = isInbox ? inbox : rooms.apply(room);
        if (position != null) {
            position.readAt(offset, epoch);
        }
        listener.onReadPosition(new ReadPosition(room, offset, epoch, unread(room)));
        for (Pending read : List.copyOf(pending)) {
            if (Objects.equals(read.room(), room) && (read.epoch() == null || read.epoch().equals(epoch))
                    && offset >= read.offset()) {
                requests.forget(read.ref());
                read.reply().complete(m);
            }
        }
    }

    /** Messages after the read position in {@code room} (null: the inbox); null while that is not known. */
    Long unread(String room) {
        Position position = room == null ? inbox : rooms.apply(room);
        return position == null ? null : position.unread();
    }
}
