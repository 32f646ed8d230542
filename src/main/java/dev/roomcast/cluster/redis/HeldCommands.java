package dev.roomcast.cluster.redis;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BiConsumer;

import dev.roomcast.cluster.FanoutUnavailableException;
import io.vertx.core.Promise;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Commands held back for a moment after Redis comes back. Every instance reconnects within one reconnect
 * interval of the others; a publish sent before they have subscribed again would miss them without anyone
 * knowing. Held commands go out afterwards, in the order they were issued, so nothing is lost and order
 * holds. Bounded: past {@link #LIMIT} a command fails as unavailable (not sent). Used on the link's context only.
 */
final class HeldCommands {

    /** As many as the Redis client queues for one connection (quarkus.redis.max-waiting-handlers). */
    static final int LIMIT = 16_384;

    private record Held(Request request, Promise<Response> result) {
    }

    private final Deque<Held> held = new ArrayDeque<>();
    private boolean holding;
    /** Counts holds, so the end of an old hold (its connection since lost) does not end a newer one early. */
    private long generation;

    /** Starts holding; returns the hold's number, for {@link #release}. */
    long hold() {
        holding = true;
        return ++generation;
    }

    boolean holding() {
        return holding;
    }

    /** Holds the command; fails it at once when the hold is full. */
    void add(Request request, Promise<Response> result) {
        if (held.size() >= LIMIT) {
            result.fail(FanoutUnavailableException.INSTANCE);
        } else {
            held.add(new Held(request, result));
        }
    }

    /** Ends the hold {@code number} if it is the current one: every held command goes to {@code send}, in order. */
    void release(long number, BiConsumer<Request, Promise<Response>> send) {
        if (number != generation || !holding) {
            return;
        }
        holding = false;
        for (Held next = held.poll(); next != null; next = held.poll()) {
            send.accept(next.request, next.result);
        }
    }

    /** The connection went away again: nothing held was sent. */
    void failAll() {
        holding = false;
        held.forEach(h -> h.result.tryFail(FanoutUnavailableException.INSTANCE));
        held.clear();
    }
}
