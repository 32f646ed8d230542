package dev.roomcast.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Caps the instance's TCP connections at {@code roomcast.security.max-connections} plus
 * {@code max-pending-handshakes}, through Quarkus's {@code quarkus.http.limits.max-connections}: a connection
 * past it is closed as it is accepted. Handshakes that never finish (slowloris) therefore count against a cap
 * and cannot exhaust the descriptors. An explicit {@code quarkus.http.limits.max-connections} wins.
 * <p>
 * Quarkus's cap only acts at accept when cleartext HTTP/2 is off ({@code quarkus.http.http2=false}); with it
 * on, Vert.x waits for the first request to tell HTTP/1 from h2c before it reports the connection.
 */
public class SocketCap implements ConfigSourceInterceptor {

    static final String DEFAULT_MAX_CONNECTIONS = "20000";
    static final String DEFAULT_MAX_PENDING_HANDSHAKES = "1000";
    static final String QUARKUS_CAP = "quarkus.http.limits.max-connections";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!QUARKUS_CAP.equals(name) || value != null) {
            return value;
        }
        long cap = number(context, "roomcast.security.max-connections", DEFAULT_MAX_CONNECTIONS)
                + number(context, "roomcast.security.max-pending-handshakes", DEFAULT_MAX_PENDING_HANDSHAKES);
        return ConfigValue.builder().withName(name).withValue(Long.toString(Math.min(cap, Integer.MAX_VALUE)))
                .withConfigSourceName(getClass().getSimpleName()).build();
    }

    private static long number(ConfigSourceInterceptorContext context, String name, String fallback) {
        ConfigValue value = context.proceed(name);
        String text = value == null || value.getValue() == null ? fallback : value.getValue().trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notANumber) {
            return Long.parseLong(fallback); // RoomcastConfig's own validation reports the bad value
        }
    }
}
