package dev.roomcast.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

/** Requests waiting for the server's reply, by the {@code ref} each was sent with. Used on the client's thread only. */
final class Replies {

    private final Map<String, CompletableFuture<JsonNode>> waiting = new HashMap<>();
    private long nextRef = 1;

    /** A new ref (prefixed to tell requests apart in a trace) whose reply completes {@code reply}. */
    String expect(String prefix, CompletableFuture<JsonNode> reply) {
        String ref = prefix + nextRef++;
        waiting.put(ref, reply);
        return ref;
    }

    /** Completes the request {@code frame} answers, if any. */
    void settle(JsonNode frame) {
        CompletableFuture<JsonNode> waiter = take(frame);
        if (waiter != null) {
            waiter.complete(frame);
        }
    }

    /** Fails the request an error frame answers; false when it answers none (the error is the connection's). */
    boolean fail(JsonNode frame, RoomcastException error) {
        CompletableFuture<JsonNode> waiter = take(frame);
        if (waiter == null) {
            return false;
        }
        waiter.completeExceptionally(error);
        return true;
    }

    void forget(String ref) {
        waiting.remove(ref);
    }

    /** Fails every request still waiting: its connection is gone. */
    void failAll(RoomcastException error) {
        List<CompletableFuture<JsonNode>> all = new ArrayList<>(waiting.values());
        waiting.clear();
        all.forEach(w -> w.completeExceptionally(error));
    }

    private CompletableFuture<JsonNode> take(JsonNode frame) {
        return frame.has("ref") ? waiting.remove(frame.get("ref").asText()) : null;
    }
}
