package dev.roomcast.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Requests on the open connection and the replies they wait for, by the {@code ref} each was sent with: a reply
 * or an error frame with that ref settles it, a dropped connection fails it. Used on the client's thread only.
 */
final class Requests {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Link link;
    private final BooleanSupplier open;
    private final Map<String, CompletableFuture<JsonNode>> waiting = new HashMap<>();
    private long nextRef = 1;

    /** @param open whether the server welcomed the current connection (requests before that fail) */
    Requests(Link link, BooleanSupplier open) {
        this.link = link;
        this.open = open;
    }

    static ObjectNode frame(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    boolean isOpen() {
        return open.getAsBoolean();
    }

    /** Sends {@code request} with a new ref; completes with the reply, fails with its error or a disconnect. */
    CompletableFuture<JsonNode> request(ObjectNode request) {
        if (!isOpen()) {
            return CompletableFuture.failedFuture(new RoomcastException("disconnected", "not connected"));
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        write(request.put("ref", expect("r", reply)));
        return reply;
    }

    /** A new ref (prefixed to tell requests apart in a trace) whose reply completes {@code reply}. */
    String expect(String prefix, CompletableFuture<JsonNode> reply) {
        String ref = prefix + nextRef++;
        waiting.put(ref, reply);
        return ref;
    }

    /** Writes a frame as it is (its ref, if any, already taken with {@link #expect}). */
    void write(ObjectNode frame) {
        link.write(frame.toString());
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

    /** Stops waiting for a reply that will not come (a request settled another way). */
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
