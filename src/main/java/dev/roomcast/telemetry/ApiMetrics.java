package dev.roomcast.telemetry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The HTTP API's meters: requests by endpoint and outcome (ok, or the error code), and their duration. */
@Singleton
public class ApiMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    public ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Endpoints and outcomes are small fixed sets (endpoint names, error codes), never ids. */
    public void request(String endpoint, String outcome, long nanos) {
        requests.computeIfAbsent(endpoint + '/' + outcome, k -> Counter.builder("roomcast.api.requests")
                .description("HTTP API requests").tag("endpoint", endpoint).tag("outcome", outcome).register(registry))
                .increment();
        durations.computeIfAbsent(endpoint, e -> Timer.builder("roomcast.api.request.duration")
                .description("HTTP API request handling time").tag("endpoint", endpoint).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
