package dev.roomcast.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Configuration for one test class, given as the resource's {@code initArgs}: the app restarts
 * with exactly these overrides, and other classes are unaffected (use restrictToAnnotatedClass).
 */
public class ConfigOverrides implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> overrides = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        overrides = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        return overrides;
    }

    @Override
    public void stop() {
    }
}
