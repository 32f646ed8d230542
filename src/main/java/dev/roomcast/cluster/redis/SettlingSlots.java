package dev.roomcast.cluster.redis;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Slots that just changed master (a failover, a reshard) hold their commands for a moment, in order. Every
 * instance learns of the change within one topology refresh of the others and then subscribes the slot's
 * channels on the new master; a message published there before that would miss those instances without anyone
 * knowing. Held commands go out when the slot settles. Bounded like {@link HeldCommands}: past the limit a
 * command fails as unavailable (not sent). Changes happen on the cluster's context; {@link #holding} is read
 * from any thread.
 */
final class SettlingSlots {

    private final Vertx vertx;
    private final Context context;
    private final long settleMillis;
    private record Held(Runnable send, Runnable fail) {
    }

    private final Map<Integer, Deque<Held>> settling = new ConcurrentHashMap<>();

    /** A moved slot's commands wait one refresh interval plus this. */
    private static final long MARGIN_MILLIS = 250;

    /** @param refreshMillis how often every instance asks for the slot map */
    SettlingSlots(Vertx vertx, Context context, long refreshMillis) {
        this.vertx = vertx;
        this.context = context;
        this.settleMillis = refreshMillis + MARGIN_MILLIS;
    }

    /** The slot has a new master: hold its commands from now until it settles. On the context. */
    void moved(int slot) {
        if (settling.putIfAbsent(slot, new ArrayDeque<>()) == null) {
            vertx.setTimer(settleMillis, id -> context.runOnContext(v -> release(slot)));
        }
    }

    boolean holding(int slot) {
        return !settling.isEmpty() && settling.containsKey(slot);
    }

    /**
     * Runs {@code send} once the slot settles, after the commands held before it; at once when it is not settling
     * (any more). {@code fail} runs instead when too many wait, or when the cluster stops.
     */
    void after(int slot, Runnable send, Runnable fail) {
        context.runOnContext(v -> {
            Deque<Held> held = settling.get(slot);
            if (held == null) {
                send.run();
            } else if (held.size() >= HeldCommands.LIMIT) {
                fail.run();
            } else {
                held.add(new Held(send, fail));
            }
        });
    }

    private void release(int slot) {
        Deque<Held> held = settling.remove(slot);
        if (held != null) {
            held.forEach(h -> h.send.run());
        }
    }

    /** Stopping: nothing held will be sent. On the context. */
    void failAll() {
        settling.values().forEach(held -> held.forEach(h -> h.fail.run()));
        settling.clear();
    }
}
