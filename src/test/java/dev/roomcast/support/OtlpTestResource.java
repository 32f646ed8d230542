package dev.roomcast.support;

import java.io.IOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts an {@link OtlpReceiver} and turns tracing on for the app, every span sampled and exported at once. */
public class OtlpTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile OtlpReceiver receiver;

    public static OtlpReceiver receiver() {
        return receiver;
    }

    /** What an instance needs to export its spans to the receiver. */
    public static Map<String, String> tracingConfig() {
        return Map.of(
                "quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.traces.endpoint", receiver.endpoint(),
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                "quarkus.otel.traces.sampler.arg", "1.0",
                "quarkus.otel.bsp.schedule.delay", "100ms");
    }

    @Override
    public Map<String, String> start() {
        try {
            receiver = new OtlpReceiver();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return tracingConfig();
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
