package dev.roomcast.support;

import dev.roomcast.telemetry.RoomcastMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Metrics for unit tests, recorded into a throwaway registry. */
public final class TestMetrics {

    private TestMetrics() {
    }

    public static RoomcastMetrics create() {
        return new RoomcastMetrics(new SimpleMeterRegistry());
    }
}
