package dev.roomcast.cluster.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import dev.roomcast.cluster.FanoutUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The channels this instance wants, kept across reconnects so they can be subscribed again, and the
 * subscribes waiting for Redis's confirmation. Used on the link's context only.
 */
final class Subscriptions {

    private final Set<String> channels = new LinkedHashSet<>();
    private final Map<String, List<Promise<Void>>> confirmations = new HashMap<>();

    void want(String channel) {
        channels.add(channel);
    }

    void drop(String channel) {
        channels.remove(channel);
    }

    Set<String> channels() {
        return channels;
    }

    /** Sends SUBSCRIBE for every wanted channel, on a new (or resumed) subscriber connection. */
    void subscribeAll(RedisConnection subscriber) {
        for (String channel : channels) {
            subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(channel));
        }
    }

    /** Completes when Redis confirms the subscription to {@code channel}. */
    Future<Void> confirmation(String channel) {
        Promise<Void> confirmed = Promise.promise();
        confirmations.computeIfAbsent(channel, c -> new ArrayList<>(1)).add(confirmed);
        return confirmed.future();
    }

    /** Pub/sub traffic: a published message goes to {@code onMessage}; a confirmation completes its waiters. */
    void onPush(Response push, BiConsumer<String, Buffer> onMessage) {
        if (push == null || push.size() < 3) {
            return;
        }
        String kind = push.get(0).toString();
        if ("message".equals(kind)) {
            onMessage.accept(push.get(1).toString(), push.get(2).toBuffer());
        } else if ("subscribe".equals(kind)) {
            confirmed(push.get(1).toString());
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
