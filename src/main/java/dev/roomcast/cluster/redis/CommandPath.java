package dev.roomcast.cluster.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import java.util.function.BooleanSupplier;

import dev.roomcast.cluster.FanoutUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * A link's command connection: the scripts go first on each new connection, then commands in the order issued,
 * held back for a moment after a reconnect ({@link HeldCommands}). Its state is touched on the link's context only.
 */
final class CommandPath {

    /** After a reconnect, commands wait one reconnect interval plus this. */
    private static final long SETTLE_MARGIN_MILLIS = 250;

    /** Lua scripts loaded first thing on every command connection (see {@link RedisLink#preload}). */
    private final List<String> scripts = new CopyOnWriteArrayList<>();
    private final HeldCommands held = new HeldCommands();
    private final Context context;
    /** Whether commands may go out now (the link is up and not suspended). */
    private final BooleanSupplier open;
    /** Runs for every answer: Redis is alive. */
    private final Runnable answered;
    private RedisConnection connection;

    CommandPath(Context context, BooleanSupplier open, Runnable answered) {
        this.context = context;
        this.open = open;
        this.answered = answered;
    }

    /**
     * Loads the script into Redis on every command connection, before any command: a script first run by
     * SHA would be refused (NOSCRIPT) and repeated as EVAL, and pipelined calls sent meanwhile by SHA could
     * then overtake the repeat, running out of order (room messages would get offsets out of send order).
     */
    void preload(String script) {
        scripts.add(script);
    }

    RedisConnection connection() {
        return connection;
    }

    /** A new connection: every script is loaded ahead of any command (a failure shows as NOSCRIPT later). */
    void connected(RedisConnection opened) {
        connection = opened;
        for (String script : scripts) {
            connection.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script));
        }
    }

    /**
     * Holds commands until this instance's channels are subscribed again ({@code resubscribed}, ended either way):
     * a message published sooner would not come back here. After a reconnect ({@code othersToo}), also until the
     * other instances have reconnected and subscribed again (they retry as often).
     */
    void holdUntil(Future<Void> resubscribed, boolean othersToo, Vertx vertx, long reconnectMillis) {
        long hold = held.hold();
        Future<Void> settled = Future.future(p -> resubscribed.onComplete(done -> p.complete()));
        if (othersToo) {
            Promise<Void> waited = Promise.promise();
            vertx.setTimer(reconnectMillis + SETTLE_MARGIN_MILLIS, id -> waited.complete());
            settled = Future.join(settled, waited.future()).mapEmpty();
        }
        settled.onComplete(done -> context.runOnContext(v -> held.release(hold, this::issue)));
    }

    /**
     * After every command issued before it; fails fast (not sent) while the link is not open. Issued at once when
     * called on the link's context, so a command relayed there keeps its place behind those issued before it.
     */
    Future<Response> send(Request request) {
        Promise<Response> result = Promise.promise();
        OnContext.run(context, () -> send(request, result));
        return result.future();
    }

    private void send(Request request, Promise<Response> result) {
        if (!open.getAsBoolean()) {
            result.fail(FanoutUnavailableException.INSTANCE);
        } else if (held.holding()) {
            held.add(request, result);
        } else {
            issue(request, result);
        }
    }

    /** Sent whenever there is a connection, held or not (the canary's probe). */
    void probe(Request request) {
        if (connection != null) {
            connection.send(request);
        }
    }

    /** The connection is gone (closed by the link): nothing held will be sent. */
    void lost() {
        connection = null;
        held.failAll();
    }

    private void issue(Request request, Promise<Response> result) {
        connection.send(request).onComplete(answer -> {
            answered.run();
            result.handle(answer);
        });
    }
}
