package dev.roomcast.cluster.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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
 * This instance's two connections to one Redis node (the Redis, or one master of a cluster): one for commands
 * (publishes and scripts), one subscribed to channels, plain or sharded ({@code SSUBSCRIBE}), and the
 * node's {@link Canary}. Everything runs on one Vert.x context, which is what keeps
 * commands in the order they were issued and needs no locks. When Redis goes away, or is suspended
 * because it stopped answering with its connections open (see {@link Canary}), calls fail
 * fast with {@link FanoutUnavailableException}; a timer reconnects, re-subscribes every channel
 * and then tells the reconnect listeners (presence re-syncs). One log line per outage, not one
 * per failed call.
 */
public final class RedisLink {

    private static final Logger LOG = Logger.getLogger(RedisLink.class);
    /** After a reconnect, commands wait one reconnect interval plus this (see {@link HeldCommands}). */
    private static final long SETTLE_MARGIN_MILLIS = 250;

    private final Vertx vertx;
    private final Redis client;
    /** The node's address (host:port), or "redis" for a standalone or Sentinel-managed Redis. */
    private final String node;
    private final Context context;
    private final long reconnectMillis;
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    /** Lua scripts loaded first thing on every command connection (see {@link #preload}). */
    private final List<String> scripts = new CopyOnWriteArrayList<>();
    private BiConsumer<String, Buffer> onMessage = (channel, payload) -> { };
    private Consumer<String> onMovedAway = channel -> { };
    private Canary canary;
    private Runnable onStop = () -> { };
    private final RoomcastMetrics metrics;

    // Touched only on the context.
    private final Subscriptions subscriptions = new Subscriptions();
    private final HeldCommands held = new HeldCommands();
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
    /** Connected, but the canary stopped coming back (a frozen Redis): calls fail fast as if it were down. */
    private volatile boolean suspended;
    /** When Redis last answered anything (a reply or a push): a busy Redis answers, a frozen one does not. */
    private volatile long lastAnswerNanos = System.nanoTime();
    private final WaitingCalls waiting;
    private final long timeoutMillis;

    public RedisLink(Vertx vertx, Redis client, long reconnectMillis, long timeoutMillis, RoomcastMetrics metrics) {
        this(vertx, client, "redis", reconnectMillis, timeoutMillis, metrics);
    }

    public RedisLink(Vertx vertx, Redis client, String node, long reconnectMillis, long timeoutMillis,
            RoomcastMetrics metrics) {
        this.node = node;
        this.metrics = metrics;
        this.vertx = vertx;
        this.client = client;
        this.context = vertx.getOrCreateContext();
        this.reconnectMillis = reconnectMillis;
        this.waiting = new WaitingCalls(vertx, context, timeoutMillis);
        this.timeoutMillis = timeoutMillis;
    }

    /** Where messages on subscribed channels go (channel, payload); set before {@link #start}. */
    public void onMessage(BiConsumer<String, Buffer> handler) {
        this.onMessage = handler;
    }

    /**
     * Where a sharded channel goes when the server unsubscribes it on its own: its slot moved to another master
     * (the channel is no longer wanted here; the caller subscribes it on the new owner).
     */
    public void onMovedAway(Consumer<String> handler) {
        this.onMovedAway = handler;
    }

    /** Probes the node on {@code channel} every interval (see {@link Canary}); before {@link #start}. */
    public void canary(String channel, long intervalMillis) {
        canary = new Canary(vertx, this, channel, intervalMillis);
        canary.start();
    }

    /** Runs when the link stops for good. */
    public void onStop(Runnable action) {
        this.onStop = action;
    }

    public String node() {
        return node;
    }

    /** The canary comes back: the node answers and delivers (always false without a canary). */
    public boolean healthy() {
        return canary != null && canary.healthy();
    }

    /** The canary's last round trip, or -1. */
    public long roundTripMillis() {
        return canary == null ? -1 : canary.roundTripMillis();
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
            if (canary != null) {
                canary.stop();
            }
            onStop.run();
            up = false;
            closeQuietly();
        });
    }

    /** How long a command may wait for Redis's answer. */
    long timeoutMillis() {
        return timeoutMillis;
    }

    /** Whether both connections are open; false while Redis is unreachable. */
    public boolean isUp() {
        return up;
    }

    /** How long since Redis last answered anything on either connection (read by the canary). */
    long silentNanos() {
        return System.nanoTime() - lastAnswerNanos;
    }

    /**
     * The canary stopped coming back although the connections are open (Redis frozen, or stopped delivering):
     * new calls fail fast with FanoutUnavailableException (not sent), and calls already waiting give up now.
     */
    void suspend(long quietNanos) {
        context.runOnContext(v -> { // checked again here: answers read since the canary looked count
            if (up && !suspended && silentNanos() > quietNanos) {
                suspended = true;
                LOG.warn("Redis stopped answering with its connections open: cross-instance delivery is paused");
                waiting.giveUpAll();
            }
        });
    }

    /** The canary came back: every channel is subscribed again and the reconnect listeners run, as after an outage. */
    void resume() {
        context.runOnContext(v -> { // called for every canary heard; usually nothing to do
            if (up && suspended) {
                suspended = false;
                LOG.info("Redis answers again: cross-instance delivery resumed");
                resubscribeAndTell();
            }
        });
    }

    /** A probe (the canary's publish) goes out whenever the connections are open, suspended or not. */
    void probe(Request request) {
        context.runOnContext(v -> {
            if (up) {
                commands.send(request);
            }
        });
    }

    /**
     * Loads the script into Redis on every command connection, before any command: a script first run by
     * SHA would be refused (NOSCRIPT) and repeated as EVAL, and pipelined calls sent meanwhile by SHA could
     * then overtake the repeat, running out of order (room messages would get offsets out of send order).
     */
    public void preload(String script) {
        scripts.add(script);
    }

    /** Runs after every (re)connection and resume, once all channels are subscribed again. */
    public void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    /**
     * Sends a command on the command connection, after every command issued before it. Fails
     * after the timeout if Redis does not answer (a hung Redis must not stall a waiting client).
     */
    public Future<Response> command(Request request) {
        return waiting.bounded(send(request));
    }

    /** Like {@link #command} but without a timer, for calls nobody waits on (pipelined publishes). */
    public Future<Response> send(Request request) {
        Promise<Response> result = Promise.promise();
        context.runOnContext(v -> {
            if (!up || suspended) {
                result.fail(FanoutUnavailableException.INSTANCE);
            } else if (held.holding()) {
                held.add(request, result);
            } else {
                issue(request, result);
            }
        });
        return result.future();
    }

    private void issue(Request request, Promise<Response> result) {
        commands.send(request).onComplete(answer -> {
            lastAnswerNanos = System.nanoTime();
            result.handle(answer);
        });
    }

    /**
     * Subscribes to the channel (kept across reconnects). Completes once Redis confirms, so a
     * message published after that is received; fails fast while Redis is down.
     */
    public Future<Void> subscribe(String channel) {
        return subscribe(channel, false);
    }

    /** Like {@link #subscribe(String)}; a sharded channel with SSUBSCRIBE (it must be in this node's slots). */
    public Future<Void> subscribe(String channel, boolean sharded) {
        Promise<Void> confirmed = Promise.promise();
        context.runOnContext(v -> {
            subscriptions.want(channel, sharded);
            if (!up || suspended) { // subscribed on reconnect or resume
                confirmed.fail(FanoutUnavailableException.INSTANCE);
                return;
            }
            subscriptions.confirmation(channel).onComplete(confirmed);
            subscriber.send(Subscriptions.subscribe(channel, sharded));
        });
        return waiting.bounded(confirmed.future());
    }

    public void unsubscribe(String channel) {
        context.runOnContext(v -> {
            Boolean sharded = subscriptions.drop(channel);
            if (up && sharded != null) {
                subscriber.send(Request.cmd(sharded ? Command.SUNSUBSCRIBE : Command.UNSUBSCRIBE).arg(channel));
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
        for (String script : scripts) { // ahead of every command on this connection; a failure shows as NOSCRIPT later
            commands.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script));
        }
        for (RedisConnection connection : List.of(commands, subscriber)) {
            connection.exceptionHandler(this::lost);
            connection.endHandler(v -> lost(null));
        }
        subscriber.handler(this::onPush);
        up = true;
        suspended = false;
        lastAnswerNanos = System.nanoTime();
        outageLogged = false;
        if (everConnected) {
            metrics.redisReconnected();
            LOG.infof("Redis is reachable again: %d channels re-subscribed", subscriptions.channels().size());
            held.hold(); // until the other instances have reconnected and subscribed again, too
            vertx.setTimer(reconnectMillis + SETTLE_MARGIN_MILLIS,
                    id -> context.runOnContext(v -> held.release(this::issue)));
        }
        everConnected = true;
        resubscribeAndTell();
        firstAttempt.tryComplete();
    }

    /** Subscribes every channel again, then tells the listeners (presence re-syncs, the canary probes). */
    private void resubscribeAndTell() {
        subscriptions.subscribeAll(subscriber);
        reconnectListeners.forEach(Runnable::run);
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
            subscriptions.failWaiting();
            held.failAll();
        });
    }

    private void closeQuietly() {
        for (RedisConnection connection : new RedisConnection[] { commands, subscriber }) {
            if (connection != null) {
                connection.exceptionHandler(null).endHandler(null).close();
            }
        }
        commands = null;
        subscriber = null;
    }

    private void onPush(Response push) {
        lastAnswerNanos = System.nanoTime();
        subscriptions.onPush(push, (channel, payload) -> {
            if (canary != null && channel.equals(canary.channel())) {
                canary.heard(payload);
            } else {
                onMessage.accept(channel, payload);
            }
        }, onMovedAway);
    }
}
