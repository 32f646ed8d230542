package dev.roomcast.cluster.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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
 * ({@link CommandPath}), one subscribed to channels, plain or sharded ({@link Subscriptions}), and the node's
 * {@link Canary}. Everything runs on one Vert.x context, which keeps commands in the order issued without locks.
 * When Redis goes away, or is suspended because it stopped answering with its connections open, calls fail fast
 * with {@link FanoutUnavailableException}; a timer reconnects, re-subscribes every channel and then tells the
 * reconnect listeners (presence re-syncs).
 */
public final class RedisLink {

    private final Vertx vertx;
    private final Redis client;
    /** The node's address (host:port), or "redis" for a standalone or Sentinel-managed Redis. */
    private final String node;
    private final Context context;
    private final long reconnectMillis;
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private BiConsumer<String, Buffer> onMessage = (channel, payload) -> { };
    private Consumer<String> onMovedAway = channel -> { };
    private Canary canary;
    private final List<Runnable> onStop = new CopyOnWriteArrayList<>();

    // Touched only on the context.
    private final Subscriptions subscriptions = new Subscriptions();
    private final CommandPath commands;
    private RedisConnection subscriber;
    private boolean connecting;
    /** For good: a connection attempt that succeeds afterwards is closed at once. */
    private boolean stopped;
    private boolean everConnected;
    private long timerId = -1;
    /** Completes when the first connection attempt has ended, either way. */
    private final Promise<Void> firstAttempt = Promise.promise();

    private volatile boolean up;
    /** Connected, but the canary stopped coming back (a frozen Redis): calls fail fast as if it were down. */
    private volatile boolean suspended;
    /** When Redis last answered anything (a reply or a push): a busy Redis answers, a frozen one does not. */
    private volatile long lastAnswerNanos = System.nanoTime();
    private final WaitingCalls waiting;
    private final LinkLog log;

    public RedisLink(Vertx vertx, Redis client, String node, long reconnectMillis, long timeoutMillis,
            RoomcastMetrics metrics) {
        this.node = node;
        this.vertx = vertx;
        this.client = client;
        this.context = vertx.getOrCreateContext();
        this.reconnectMillis = reconnectMillis;
        this.waiting = new WaitingCalls(vertx, context, timeoutMillis);
        this.commands = new CommandPath(context, () -> up && !suspended, () -> lastAnswerNanos = System.nanoTime());
        this.log = new LinkLog(node, reconnectMillis, metrics);
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
        onStop.add(action);
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
            stopped = true;
            vertx.cancelTimer(timerId);
            if (canary != null) {
                canary.stop();
            }
            onStop.forEach(Runnable::run);
            up = false;
            closeQuietly();
        });
    }

    /** How long a command may wait for Redis's answer. */
    long timeoutMillis() {
        return waiting.timeoutMillis();
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
                log.suspended();
                waiting.giveUpAll();
            }
        });
    }

    /** The canary came back: every channel is subscribed again and the reconnect listeners run, as after an outage. */
    void resume() {
        context.runOnContext(v -> { // called for every canary heard; usually nothing to do
            if (up && suspended) {
                suspended = false;
                log.resumed();
                resubscribeAndTell(false); // the connections stayed open: the other instances kept their subscriptions
            }
        });
    }

    /** A probe (the canary's publish) goes out whenever the connections are open, suspended or not. */
    void probe(Request request) {
        context.runOnContext(v -> commands.probe(request));
    }

    /** Loads the script on every command connection before any command (see {@link CommandPath#preload}). */
    public void preload(String script) {
        commands.preload(script);
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
        return commands.send(request);
    }

    /**
     * Subscribes to the channel (kept across reconnects), a sharded one with SSUBSCRIBE (it must be in this node's
     * slots). Completes once Redis confirms, so a message published after that is received; fails fast while
     * Redis is down.
     */
    public Future<Void> subscribe(String channel, boolean sharded) {
        Promise<Void> confirmed = Promise.promise();
        OnContext.run(context, () -> subscriptions.subscribe(channel, sharded, up && !suspended ? subscriber : null)
                .onComplete(confirmed));
        return waiting.bounded(confirmed.future());
    }

    public void unsubscribe(String channel) {
        OnContext.run(context, () -> subscriptions.unsubscribe(channel, up ? subscriber : null));
    }

    /** Opens the command connection, then the subscriber connection (the first closed again if the second fails). */
    private void connect() {
        connecting = true;
        client.connect().compose(first -> client.connect().onFailure(e -> first.close()).map(second -> {
            connected(first, second);
            return second;
        })).onFailure(cause -> {
            connecting = false;
            log.connectFailed(cause);
            firstAttempt.tryComplete();
        });
    }

    private void connected(RedisConnection commandConnection, RedisConnection subscriberConnection) {
        connecting = false;
        if (stopped) {
            commandConnection.close();
            subscriberConnection.close();
            return;
        }
        commands.connected(commandConnection);
        subscriber = subscriberConnection;
        for (RedisConnection connection : List.of(commandConnection, subscriber)) {
            connection.exceptionHandler(this::lost);
            connection.endHandler(v -> lost(null));
        }
        subscriber.handler(this::onPush);
        up = true;
        suspended = false;
        lastAnswerNanos = System.nanoTime();
        log.connected(everConnected, subscriptions.channels().size());
        resubscribeAndTell(everConnected);
        everConnected = true;
        firstAttempt.tryComplete();
    }

    /**
     * Subscribes every channel again, holding commands until Redis confirms (and, after a reconnect, until the other
     * instances are back too), then tells the listeners (presence re-syncs, the canary probes).
     */
    private void resubscribeAndTell(boolean othersToo) {
        commands.holdUntil(waiting.bounded(subscriptions.subscribeAll(subscriber)), othersToo, vertx, reconnectMillis);
        reconnectListeners.forEach(Runnable::run);
    }

    private void lost(Throwable cause) {
        context.runOnContext(v -> {
            if (!up) {
                return;
            }
            up = false;
            log.lost(cause);
            closeQuietly();
            subscriptions.failWaiting();
        });
    }

    private void closeQuietly() {
        for (RedisConnection connection : new RedisConnection[] { commands.connection(), subscriber }) {
            if (connection != null) {
                connection.exceptionHandler(null).endHandler(null).close();
            }
        }
        commands.lost();
        subscriber = null;
    }

    private void onPush(Response push) {
        lastAnswerNanos = System.nanoTime();
        subscriptions.onPush(push, canary, onMessage, onMovedAway);
    }
}
