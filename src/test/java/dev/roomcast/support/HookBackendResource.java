package dev.roomcast.support;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a {@link HookBackend} and points every hook of the app at it, with {@link #SECRET}; the resource's
 * {@code initArgs} are further config overrides (a timeout, policies; {@code roomcast.hooks.<hook>-url=off}
 * turns that hook off).
 */
public class HookBackendResource implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET = "hook-test-secret";

    private static volatile HookBackend backend;
    private Map<String, String> overrides = Map.of();

    public static HookBackend backend() {
        return backend;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        overrides = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        try {
            backend = HookBackend.start(SECRET);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new HashMap<>(Map.of(
                "roomcast.hooks.connect-url", backend.url("connect"),
                "roomcast.hooks.join-url", backend.url("join"),
                "roomcast.hooks.publish-url", backend.url("publish"),
                "roomcast.hooks.secret", SECRET));
        overrides.forEach((key, value) -> {
            if (key.endsWith("-url") && "off".equals(value)) {
                config.put(key, "");
            } else {
                config.put(key, value);
            }
        });
        return config;
    }

    @Override
    public void stop() {
        if (backend != null) {
            backend.close();
        }
    }
}
