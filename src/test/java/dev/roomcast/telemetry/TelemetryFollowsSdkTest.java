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

/** Connection spans and trace ids in log lines are on exactly when the OpenTelemetry SDK is, unless set explicitly. */
@QuarkusTest
public class TelemetryFollowsSdkTest {

    private static final String TRACES = TelemetryFollowsSdk.TRACES;
    private static final String LOG_FORMAT = TelemetryFollowsSdk.LOG_FORMAT;

    @Test
    void offInTheRunningAppWhileTheSdkIsOff() {
        assertTrue(ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", Boolean.class), "test profile: SDK off");
        assertEquals(false, ConfigProvider.getConfig().getValue(TRACES, Boolean.class));
        assertEquals(TelemetryFollowsSdk.LOG_PLAIN, ConfigProvider.getConfig().getValue(LOG_FORMAT, String.class),
                "no empty traceId= spanId= on every line");
    }

    @Test
    void logLinesCarryTraceIdsOnlyWithTheSdkOn() {
        assertEquals(TelemetryFollowsSdk.LOG_PLAIN, value(LOG_FORMAT, "%m", Map.of("quarkus.otel.sdk.disabled", "true")));
        assertEquals(TelemetryFollowsSdk.LOG_WITH_TRACES,
                value(LOG_FORMAT, "%m", Map.of("quarkus.otel.sdk.disabled", "false")));
        assertEquals("%m %n", value(LOG_FORMAT, "%m", Map.of("quarkus.otel.sdk.disabled", "false", LOG_FORMAT, "%m %n")));
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

    private static String traces(Map<String, String> settings) {
        return value(TRACES, "true", settings);
    }

    /** As Quarkus resolves it: the extension's default at the lowest ordinal, application settings above. */
    private static String value(String name, String extensionDefault, Map<String, String> settings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withInterceptors(new TelemetryFollowsSdk())
                .withDefaultValue(name, extensionDefault).withSources(new PropertiesConfigSource(settings, "test", 250))
                .build();
        return config.getRawValue(name);
    }
}
