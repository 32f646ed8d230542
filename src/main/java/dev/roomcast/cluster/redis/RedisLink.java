package dev.roomcast.cluster.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import dev.roomcast.cluster.FanoutUnavailableException;
import dev.roomcast.telemetry.RoomcastMetrics;

/**
 * This instance's two Redis connections: one for commands (publishes and presence scripts),
 * one subscribed to channels. Everything runs on one Vert.x context, which is what keeps
 * commands in the order they were issued and needs no locks. When Redis goes away, calls fail
 * fast with {@link FanoutUnavailableException}; a timer reconnects, re-subscribes every channel
 * and then tells the reconnect listeners (presence re-syncs). One log line per outage, not one
 * per failed call.
 */
public final class RedisLink {

    private static final Logger LOG = Logger.getLogger(RedisLink.class);

    private final Vertx vertx;
    private final Redis client;
    private final Context context;
    private final long reconnectMillis;
    private final long timeoutMillis;
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private BiConsumer<String, Buffer> onMessage = (channel, payload) -> { };
    private final RoomcastMetrics metrics;

    // Touched only on the context.
    private final Set<String> channels = new LinkedHashSet<>();
    private final Map<String, List<Promise<Void>>> confirmations = new HashMap<>();
    private RedisConnection commands;
    private RedisConnection subscriber;
    private boolean connecting;
    private boolean everConnected;
    /** The current outage has been logged; reset on connect, so each outage logs once. */
    private boolean outageLogged;
    private long timerId = -1;
    /** Completes when the first connection attempt has ended, either way. */
    private final Promise<Void> firstAttempt = Promise.promise();

    private volatile boolean up;

    public RedisLink(Vertx vertx, Redis client, long reconnectMillis, long timeoutMillis, RoomcastMetrics metrics) {
        this.metrics = metrics;
        this.vertx = vertx;
        this.client = client;
        this.context = vertx.getOrCreateContext();
        this.reconnectMillis = reconnectMillis;
        this.timeoutMillis = timeoutMillis;
    }

    /** Where messages on subscribed channels go (channel, payload); set before {@link #start}. */
    public void onMessage(BiConsumer<String, Buffer> handler) {
        this.onMessage = handler;
    }

    /** Connects and keeps reconnecting; the future completes when the first attempt has succeeded or failed. */
    public Future<Void> start() {
        context.runOnContext(v -> {
            connect();
            timerId = vertx.setPeriodic(reconnectMillis, id -> {
                if (!up && !connecting) {
                    connect();
                }
            });
        });
        return firstAttempt.future();
    }

    public void stop() {
        context.runOnContext(v -> {
            vertx.cancelTimer(timerId);
            up = false;
            closeQuietly();
        });
    }

    /** Whether both connections are open; false while Redis is unreachable. */
    public boolean isUp() {
        return up;
    }

    /** Runs after every (re)connection, once all channels are subscribed again. */
    public void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    /**
     * Sends a command on the command connection, after every command issued before it. Fails
     * after the timeout if Redis does not answer (a hung Redis must not stall a waiting client).
     */
    public Future<Response> command(Request request) {
        return bounded(send(request));
    }

    /** Like {@link #command} but without a timer, for calls nobody waits on (pipelined publishes). */
    public Future<Response> send(Request request) {
        Promise<Response> result = Promise.promise();
        context.runOnContext(v -> {
            if (!up) {
                result.fail(FanoutUnavailableException.INSTANCE);
                return;
            }
            commands.send(request).onComplete(result);
        });
        return result.future();
    }

    /**
     * Subscribes to the channel (kept across reconnects). Completes once Redis confirms, so a
     * message published after that is received; fails fast while Redis is down.
     */
    public Future<Void> subscribe(String channel) {
        Promise<Void> confirmed = Promise.promise();
        context.runOnContext(v -> {
            channels.add(channel);
            if (!up) {
                confirmed.fail(FanoutUnavailableException.INSTANCE);
                return;
            }
            confirmations.computeIfAbsent(channel, c -> new ArrayList<>(1)).add(confirmed);
            subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(channel));
        });
        return bounded(confirmed.future());
    }

    private <T> Future<T> bounded(Future<T> future) {
        Promise<T> result = Promise.promise();
        long timer = vertx.setTimer(timeoutMillis, id -> result.tryFail(FanoutUnavailableException.INSTANCE));
        future.onComplete(outcome -> {
            vertx.cancelTimer(timer);
            if (outcome.succeeded()) {
                result.tryComplete(outcome.result());
            } else {
                result.tryFail(outcome.cause());
            }
        });
        return result.future();
    }

    public void unsubscribe(String channel) {
        context.runOnContext(v -> {
            channels.remove(channel);
            if (up) {
                subscriber.send(Request.cmd(Command.UNSUBSCRIBE).arg(channel));
            }
        });
    }

    private void connect() {
        connecting = true;
        client.connect().onComplete(first -> {
            if (first.failed()) {
                connectFailed(first.cause(), null);
                return;
            }
            client.connect().onComplete(second -> {
                if (second.failed()) {
                    connectFailed(second.cause(), first.result());
                    return;
                }
                connected(first.result(), second.result());
            });
        });
    }

    private void connectFailed(Throwable cause, RedisConnection opened) {
        connecting = false;
        metrics.redisConnectionFailed();
        if (opened != null) {
            opened.close();
        }
        if (!outageLogged) {
            outageLogged = true;
            LOG.warnf("Redis is unreachable (%s): serving this instance's connections only, retrying every %d ms",
                    cause.toString(), reconnectMillis);
        } else {
            LOG.debugf("Redis connection attempt failed: %s", cause.toString());
        }
        firstAttempt.tryComplete();
    }

    private void connected(RedisConnection commandConnection, RedisConnection subscriberConnection) {
        connecting = false;
        commands = commandConnection;
        subscriber = subscriberConnection;
        for (RedisConnection connection : List.of(commands, subscriber)) {
            connection.exceptionHandler(this::lost);
            connection.endHandler(v -> lost(null));
        }
        subscriber.handler(this::onPush);
        for (String channel : channels) {
            subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(channel));
        }
        up = true;
        outageLogged = false;
        if (everConnected) {
            metrics.redisReconnected();
            LOG.infof("Redis is reachable again: %d channels re-subscribed", channels.size());
        }
        everConnected = true;
        reconnectListeners.forEach(Runnable::run);
        firstAttempt.tryComplete();
    }

    private void lost(Throwable cause) {
        context.runOnContext(v -> {
            if (!up) {
                return;
            }
            up = false;
            outageLogged = true;
            LOG.warnf("Lost the Redis connection (%s): cross-instance delivery is paused, retrying every %d ms",
                    cause == null ? "closed" : cause.toString(), reconnectMillis);
            closeQuietly();
            confirmations.values().forEach(waiting -> waiting.forEach(p -> p.tryFail(FanoutUnavailableException.INSTANCE)));
            confirmations.clear();
        });
    }

    private void closeQuietly() {
        for (RedisConnection connection : new RedisConnection[] { commands, subscriber }) {
            if (connection != null) {
                connection.exceptionHandler(null);
                connection.endHandler(null);
                connection.close();
            }
        }
        commands = null;
        subscriber = null;
    }

    /** Pub/sub traffic: published messages and subscription confirmations. */
    private void onPush(Response push) {
        if (push == null || push.size() < 3) {
            return;
        }
        String kind = push.get(0).toString();
        if ("message".equals(kind)) {
            onMessage.accept(push.get(1).toString(), push.get(2).toBuffer());
        } else if ("subscribe".equals(kind)) {
            List<Promise<Void>> waiting = confirmations.remove(push.get(1).toString());
            if (waiting != null) {
                waiting.forEach(Promise::tryComplete);
            }
        }
    }
}
