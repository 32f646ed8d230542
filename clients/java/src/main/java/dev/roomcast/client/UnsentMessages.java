package dev.roomcast.client;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Room messages sent and not yet accepted, in send order, bounded. A disconnect leaves them here to be resent
 * with the same id (the server publishes an id once); any other outcome settles them. Used on the client's thread.
 */
final class UnsentMessages {

    static final class Unsent {
        final String room;
        final JsonNode content;
        final String id = UUID.randomUUID().toString();
        final CompletableFuture<Long> result = new CompletableFuture<>();
        /** Written to the current connection (and waiting for its answer). */
        boolean written;

        Unsent(String room, JsonNode content) {
            this.room = room;
            this.content = content;
        }
    }

    private final int limit;
    private final List<Unsent> waiting = new ArrayList<>();

    UnsentMessages(int limit) {
        this.limit = limit;
    }

    /** The new message, or null when {@code limit} are waiting already. */
    Unsent add(String room, JsonNode content) {
        if (waiting.size() >= limit) {
            return null;
        }
        Unsent message = new Unsent(room, content);
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

    /** The outcome of one attempt: accepted, refused, or (disconnected) still to be resent. */
    void settle(Unsent message, JsonNode accepted, Throwable failure) {
        if (failure instanceof RoomcastException e && e.code().equals("disconnected")) {
            return;
        }
        waiting.remove(message);
        if (failure != null) {
            message.result.completeExceptionally(failure);
        } else {
            message.result.complete(accepted.has("offset") ? accepted.get("offset").asLong() : null);
        }
    }

    void failRoom(String room, RoomcastException error) {
        for (Unsent message : new ArrayList<>(waiting)) {
            if (message.room.equals(room)) {
                waiting.remove(message);
                message.result.completeExceptionally(error);
            }
        }
    }

    void failAll(RoomcastException error) {
        waiting.forEach(m -> m.result.completeExceptionally(error));
        waiting.clear();
    }
}
