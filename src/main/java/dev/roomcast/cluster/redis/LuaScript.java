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

    /** Has the link load this script on every connection before any call (see {@link RedisLink#preload}). */
    void preloadOn(RedisLink link) {
        link.preload(text);
    }

    /** Runs the script with one key (every presence script has exactly one) and the arguments. */
    Future<Response> run(RedisLink link, String key, String... args) {
        return run(link, new String[] { key }, args);
    }

    /** Runs the script with these keys and arguments. */
    Future<Response> run(RedisLink link, String[] keys, String... args) {
        return link.command(request(Command.EVALSHA, sha, keys, args)).recover(failure -> isNoScript(failure)
                ? link.command(request(Command.EVAL, text, keys, args))
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
