package dev.roomcast.support.attacks;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.RedisServer;

/**
 * A fresh instance to attack, on loopback, started as {@link AppProcess.Launch} says (for the attacks: every
 * setting at its default, with the heap the Helm chart gives a pod): in memory mode, or in Redis mode with
 * a redis-server of its own. Only what an attack needs is set beyond the defaults (the API key).
 */
public final class Target implements AutoCloseable {

    /** The one API key of an instance started {@link #withApiKey}. */
    public static final String API_KEY = "attack-test-key-0123456789abcdef";

    private final AppProcess app;
    private final RedisServer redis;

    private Target(AppProcess app, RedisServer redis) {
        this.app = app;
        this.redis = redis;
    }

    public static Target memory(String name, AppProcess.Launch launch) throws IOException {
        return new Target(AppProcess.start(name, loopback(Map.of()), launch), null);
    }

    public static Target withApiKey(String name, AppProcess.Launch launch) throws IOException {
        return new Target(AppProcess.start(name, loopback(Map.of("roomcast.api.keys", API_KEY)), launch), null);
    }

    /** Redis fan-out and history on a redis-server started for it (stopped with it). */
    public static Target redis(String name, AppProcess.Launch launch) throws IOException {
        RedisServer redis = RedisServer.startOnFreePort();
        try {
            return new Target(AppProcess.start(name, loopback(Map.of("roomcast.fanout.type", "redis",
                    "quarkus.redis.hosts", redis.uri())), launch), redis);
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    private static Map<String, String> loopback(Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(settings);
        config.put("quarkus.http.host", "127.0.0.1");
        return config;
    }

    public AppProcess app() {
        return app;
    }

    /** The Redis of a Redis-mode target; null in memory mode. */
    public RedisServer redis() {
        return redis;
    }

    @Override
    public void close() {
        app.close();
        if (redis != null) {
            redis.close();
        }
    }
}
