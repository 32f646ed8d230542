package dev.roomcast.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** WebSockets Next's connection spans are on exactly when the OpenTelemetry SDK is, unless set explicitly. */
@QuarkusTest
public class ConnectionTracesFollowSdkTest {

    private static final String TRACES = ConnectionTracesFollowSdk.TRACES;

    @Test
    void offInTheRunningAppWhileTheSdkIsOff() {
        assertTrue(ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", Boolean.class), "test profile: SDK off");
        assertEquals(false, ConfigProvider.getConfig().getValue(TRACES, Boolean.class));
    }

    @Test
    void followTheSdkSwitch() {
        assertEquals("false", traces(Map.of("quarkus.otel.sdk.disabled", "true")));
        assertEquals("true", traces(Map.of("quarkus.otel.sdk.disabled", "false")));
        assertEquals("false", traces(Map.of()), "the SDK switch unset: treated as off");
    }

    @Test
    void anExplicitSettingWins() {
        assertEquals("true", traces(Map.of("quarkus.otel.sdk.disabled", "true", TRACES, "true")));
        assertEquals("false", traces(Map.of("quarkus.otel.sdk.disabled", "false", TRACES, "false")));
    }

    /** As Quarkus resolves it: the extension's default (true) at the lowest ordinal, application settings above. */
    private static String traces(Map<String, String> settings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withInterceptors(new ConnectionTracesFollowSdk())
                .withDefaultValue(TRACES, "true").withSources(new PropertiesConfigSource(settings, "test", 250)).build();
        return config.getRawValue(TRACES);
    }
}
