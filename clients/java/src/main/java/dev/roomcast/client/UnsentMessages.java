package dev.roomcast.client;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Messages sent and not yet accepted (room messages, privates, broadcasts), in send order, bounded. A disconnect
 * leaves them here to be resent with the same id (the server stores an id once); any other outcome settles them.
 * Used on the client's thread only.
 */
final class UnsentMessages {

    static final class Unsent {
        /** The request without its ref: type, room or recipient, content, and the id every attempt carries. */
        final ObjectNode frame;
        /** The room of a room message (it waits for that room's join), else null. */
        final String room;
        final CompletableFuture<Long> result = new CompletableFuture<>();
        /** Written to the current connection (and waiting for its answer). */
        boolean written;

        Unsent(ObjectNode frame, String room) {
            this.frame = frame.put("id", UUID.randomUUID().toString());
            this.room = room;
        }
    }

    private final int limit;
    private final List<Unsent> waiting = new ArrayList<>();

    UnsentMessages(int limit) {
        this.limit = limit;
    }

    /** The new message, or null when {@code limit} are waiting already. */
    Unsent add(ObjectNode frame, String room) {
        if (waiting.size() >= limit) {
            return null;
        }
        Unsent message = new Unsent(frame, room);
        waiting.add(message);
        return message;
    }

    /** Those not written to the current connection, in send order. */
    List<Unsent> unwrittenInOrder() {
        return waiting.stream().filter(m -> !m.written).toList();
    }

    /** The connection went: everything waiting goes again on the next one. */
    void unwritten() {
        waiting.forEach(m -> m.written = false);
    }

    /** The outcome of one attempt: accepted (with its offset, if any), refused, or (disconnected) still to be resent. */
    void settle(Unsent message, JsonNode accepted, Throwable failure) {
        if (failure instanceof RoomcastException e && e.code().equals("disconnected")) {
            return;
        }
        waiting.remove(message);
        if (failure != null) {
            message.result.completeExceptionally(failure);
        } else {
            message.result.complete(accepted.hasNonNull("offset") ? accepted.get("offset").asLong() : null);
        }
    }

    void failRoom(String room, RoomcastException error) {
        for (Unsent message : new ArrayList<>(waiting)) {
            if (room.equals(message.room)) {
                waiting.remove(message);
                message.result.completeExceptionally(error);
            }
        }
    }

    void failAll(RoomcastException error) {
        List<Unsent> all = new ArrayList<>(waiting);
        waiting.clear();
        all.forEach(m -> m.result.completeExceptionally(error));
    }
}
