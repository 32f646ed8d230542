package dev.roomcast.telemetry;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * WebSockets Next's connection spans follow the OpenTelemetry SDK switch unless set explicitly.
 * With {@code quarkus.otel.sdk.disabled=true} (Roomcast's default) they would still be built,
 * sampled and dropped on every upgrade (about a tenth of an upgrade's CPU) and their context kept
 * for the connection's life; with the SDK on they are wanted (the upgrade continues the client's
 * trace).
 */
public class ConnectionTracesFollowSdk implements ConfigSourceInterceptor {

    static final String TRACES = "quarkus.websockets-next.server.traces.enabled";
    private static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!TRACES.equals(name) || (value != null && value.getConfigSourceOrdinal() > Integer.MIN_VALUE)) {
            return value; // not ours, or set explicitly (only the extension's default has the lowest ordinal)
        }
        ConfigValue sdkDisabled = context.proceed(SDK_DISABLED);
        boolean sdkOn = sdkDisabled != null && "false".equalsIgnoreCase(sdkDisabled.getValue());
        return ConfigValue.builder().withName(name).withValue(String.valueOf(sdkOn))
                .withConfigSourceName(getClass().getSimpleName()).build();
    }
}
