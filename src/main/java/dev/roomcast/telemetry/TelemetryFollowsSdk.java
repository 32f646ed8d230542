package dev.roomcast.telemetry;

import java.util.Map;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Settings that follow the OpenTelemetry SDK switch ({@code quarkus.otel.sdk.disabled}, off by default)
 * unless set explicitly:
 * <ul>
 * <li>WebSockets Next's connection spans: with the SDK off they would still be built, sampled and dropped
 * on every upgrade (about a tenth of an upgrade's CPU) and their context kept for the connection's life.</li>
 * <li>The console log format: trace and span ids only while there are traces, not an empty
 * {@code traceId= spanId=} on every line.</li>
 * </ul>
 */
public class TelemetryFollowsSdk implements ConfigSourceInterceptor {

    static final String TRACES = "quarkus.websockets-next.server.traces.enabled";
    static final String LOG_FORMAT = "quarkus.log.console.format";
    static final String LOG_WITH_TRACES = "%d{HH:mm:ss,SSS} %-5p traceId=%X{traceId} spanId=%X{spanId} [%c{2.}] (%t) %s%e%n";
    static final String LOG_PLAIN = "%d{HH:mm:ss,SSS} %-5p [%c{2.}] (%t) %s%e%n";
    private static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    /** Property → its value with the SDK on, and off. */
    private static final Map<String, String[]> FOLLOWERS = Map.of(
            TRACES, new String[] { "true", "false" },
            LOG_FORMAT, new String[] { LOG_WITH_TRACES, LOG_PLAIN });

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        String[] choices = FOLLOWERS.get(name);
        if (choices == null || (value != null && value.getConfigSourceOrdinal() > Integer.MIN_VALUE)) {
            return value; // not ours, or set explicitly (only an extension's default has the lowest ordinal)
        }
        ConfigValue sdkDisabled = context.proceed(SDK_DISABLED);
        boolean sdkOn = sdkDisabled != null && "false".equalsIgnoreCase(sdkDisabled.getValue());
        return ConfigValue.builder().withName(name).withValue(sdkOn ? choices[0] : choices[1])
                .withConfigSourceName(getClass().getSimpleName()).build();
    }
}
