package dev.roomcast.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), so its text crosses the network once per Redis
 * connection rather than with every call: the link loads it first thing on each connection
 * ({@link #preloadOn}). Should Redis still not know it (SCRIPT FLUSH, a failover to a replica that never
 * saw it) the call is answered NOSCRIPT and repeated once as {@code EVAL}, which also caches it.
 */
final class LuaScript {

    private final String text;
    private final String sha;

    LuaScript(String text) {
        this.text = text;
        this.sha = sha1(text);
    }

    /** Has every link load this script on every connection before any call (see {@link RedisLink#preload}). */
    void preloadOn(RedisShards redis) {
        redis.preload(text);
    }

    /** Runs the script with one key and the arguments. */
    Future<Response> run(RedisShards redis, String key, String... args) {
        return run(redis, new String[] { key }, args);
    }

    /**
     * Runs the script with these keys (all in one slot: it goes to the master of the first) and arguments.
     * Every key the script touches is among them, so it also runs on Redis Cluster.
     */
    Future<Response> run(RedisShards redis, String[] keys, String... args) {
        return redis.command(keys[0], request(Command.EVALSHA, sha, keys, args)).recover(failure -> isNoScript(failure)
                ? redis.command(keys[0], request(Command.EVAL, text, keys, args))
                : Future.failedFuture(failure));
    }

    private static Request request(Command command, String script, String[] keys, String[] args) {
        Request request = Request.cmd(command).arg(script).arg(keys.length);
        for (String key : keys) {
            request.arg(key);
        }
        for (String arg : args) {
            request.arg(arg);
        }
        return request;
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
