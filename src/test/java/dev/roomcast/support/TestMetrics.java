package dev.roomcast.support;

import dev.roomcast.telemetry.RoomcastMetrics;
import dev.roomcast.telemetry.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Telemetry for unit tests: metrics into a throwaway registry, spans to nowhere. */
public final class TestMetrics {

    private TestMetrics() {
    }

    public static RoomcastMetrics create() {
        return new RoomcastMetrics(new SimpleMeterRegistry());
    }

    public static Tracing noTracing() {
        return new Tracing(OpenTelemetry.noop().getTracer("test"));
    }
}
