package dev.roomcast.cluster.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * A link's command connection: the scripts go first on each new connection, then commands in the order issued,
 * held back for a moment after a reconnect ({@link HeldCommands}). Used on the link's context only.
 */
final class CommandPath {

    /** Lua scripts loaded first thing on every command connection (see {@link RedisLink#preload}). */
    private final List<String> scripts = new CopyOnWriteArrayList<>();
    private final HeldCommands held = new HeldCommands();
    /** Runs for every answer: Redis is alive. */
    private final Runnable answered;
    private RedisConnection connection;

    CommandPath(Runnable answered) {
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

    /** Holds commands for {@code millis}, until the other instances have reconnected and subscribed again too. */
    void hold(Vertx vertx, Context context, long millis) {
        held.hold();
        vertx.setTimer(millis, id -> context.runOnContext(v -> held.release(this::issue)));
    }

    void send(Request request, Promise<Response> result) {
        if (held.holding()) {
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
