package dev.roomcast.cluster.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.roomcast.cluster.FanoutUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The channels this instance wants from one node, plain or sharded, kept across reconnects so they can be
 * subscribed again, and the subscribes waiting for Redis's confirmation. Used on the link's context only.
 */
final class Subscriptions {

    /** Channel → sharded (SSUBSCRIBE) or not. */
    private final Map<String, Boolean> channels = new LinkedHashMap<>();
    private final Map<String, List<Promise<Void>>> confirmations = new HashMap<>();

    private static Request subscribe(String channel, boolean sharded) {
        return Request.cmd(sharded ? Command.SSUBSCRIBE : Command.SUBSCRIBE).arg(channel);
    }

    /**
     * Wants the channel (kept across reconnects) and subscribes it on {@code subscriber}; completes once Redis
     * confirms. Without a subscriber connection (Redis down or suspended) it fails fast and is subscribed later.
     */
    Future<Void> subscribe(String channel, boolean sharded, RedisConnection subscriber) {
        want(channel, sharded);
        if (subscriber == null) {
            return Future.failedFuture(FanoutUnavailableException.INSTANCE);
        }
        Future<Void> confirmed = confirmation(channel);
        subscriber.send(subscribe(channel, sharded));
        return confirmed;
    }

    /** No longer wanted; unsubscribed on {@code subscriber} when there is one. */
    void unsubscribe(String channel, RedisConnection subscriber) {
        Boolean sharded = drop(channel);
        if (subscriber != null && sharded != null) {
            subscriber.send(Request.cmd(sharded ? Command.SUNSUBSCRIBE : Command.UNSUBSCRIBE).arg(channel));
        }
    }

    void want(String channel, boolean sharded) {
        channels.put(channel, sharded);
    }

    /** No longer wanted; returns whether it was sharded, or null when it was not wanted. */
    Boolean drop(String channel) {
        return channels.remove(channel);
    }

    Set<String> channels() {
        return channels.keySet();
    }

    /**
     * Subscribes every wanted channel again, on a new (or resumed) subscriber connection; completes when Redis has
     * confirmed them all (fails when the connection goes away first).
     */
    Future<Void> subscribeAll(RedisConnection subscriber) {
        List<Future<Void>> confirmed = new ArrayList<>(channels.size());
        channels.forEach((channel, sharded) -> {
            confirmed.add(confirmation(channel));
            subscriber.send(subscribe(channel, sharded));
        });
        return Future.all(confirmed).mapEmpty();
    }

    /** Completes when Redis confirms the subscription to {@code channel}. */
    Future<Void> confirmation(String channel) {
        Promise<Void> confirmed = Promise.promise();
        confirmations.computeIfAbsent(channel, c -> new ArrayList<>(1)).add(confirmed);
        return confirmed.future();
    }

    /**
     * Pub/sub traffic: a published message goes to {@code onMessage} (the canary's to the canary); a confirmation completes its waiters; a
     * sharded channel the server unsubscribed by itself (its slot moved: Redis sends {@code sunsubscribe}
     * to its subscribers) goes to {@code movedAway}.
     */
    void onPush(Response push, Canary canary, BiConsumer<String, Buffer> onMessage, Consumer<String> movedAway) {
        if (push == null || push.size() < 3) {
            return;
        }
        String kind = push.get(0).toString();
        switch (kind) {
            case "message", "smessage" -> {
                String channel = push.get(1).toString();
                if (canary != null && channel.equals(canary.channel())) {
                    canary.heard(push.get(2).toBuffer());
                } else {
                    onMessage.accept(channel, push.get(2).toBuffer());
                }
            }
            case "subscribe", "ssubscribe" -> confirmed(push.get(1).toString());
            case "sunsubscribe" -> {
                String channel = push.get(1).toString();
                if (channels.remove(channel) != null) { // not asked for: the server dropped it
                    movedAway.accept(channel);
                }
            }
            default -> { }
        }
    }

    private void confirmed(String channel) {
        List<Promise<Void>> waiting = confirmations.remove(channel);
        if (waiting != null) {
            waiting.forEach(Promise::tryComplete);
        }
    }

    /** The connection is gone: no confirmation is coming. */
    void failWaiting() {
        confirmations.values().forEach(waiting -> waiting.forEach(p -> p.tryFail(FanoutUnavailableException.INSTANCE)));
        confirmations.clear();
    }
}
