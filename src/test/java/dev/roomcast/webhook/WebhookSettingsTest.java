package dev.roomcast.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.roomcast.config.WebhooksConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** roomcast.webhooks.* read by SmallRye Config as the app reads them: defaults, off, and clear refusals. */
class WebhookSettingsTest {

    @Test
    void offWithoutAUrlWhateverElseIsSet() {
        assertEquals(Optional.empty(), WebhookSettings.from(config(Map.of("roomcast.webhooks.secret", "s"))));
    }

    @Test
    void defaultsSendAllButMessagePublished() {
        WebhookSettings settings = WebhookSettings.from(config(Map.of("roomcast.webhooks.url", "https://hooks.example/in",
                "roomcast.webhooks.secret", "s"))).orElseThrow();
        assertEquals(EnumSet.complementOf(EnumSet.of(EventType.MESSAGE_PUBLISHED)), settings.events());
        assertEquals(4 << 20, settings.maxQueuedBytes());
        assertEquals(4, settings.lanes());
        assertEquals(Duration.ofMinutes(1), settings.retryFor());
    }

    @Test
    void aUrlWithoutASecretFailsClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebhookSettings.from(config(Map.of("roomcast.webhooks.url", "http://localhost/h"))));
        assertTrue(e.getMessage().contains("roomcast.webhooks.secret is required"), e.getMessage());
    }

    @Test
    void anUnknownEventFailsClearlyEvenWhileOff() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebhookSettings.from(config(Map.of("roomcast.webhooks.events", "member_joined,user_joined"))));
        assertTrue(e.getMessage().contains("unknown event 'user_joined'") && e.getMessage().contains("member_left"),
                e.getMessage());
    }

    @Test
    void aUrlThatIsNotHttpFailsClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebhookSettings.from(config(Map.of(
                "roomcast.webhooks.url", "ftp://x/y", "roomcast.webhooks.secret", "s"))));
        assertTrue(e.getMessage().contains("http:// or https://"), e.getMessage());
    }

    /** What may be logged: neither the signing secret nor a token in the URL's user-info or query. */
    @Test
    void theSettingsPrintNoSecret() {
        WebhookSettings settings = WebhookSettings.from(config(Map.of("roomcast.webhooks.url",
                "https://user:pw@hooks.example:8443/in?token=t0k3n", "roomcast.webhooks.secret", "s3cr3t"))).orElseThrow();
        String printed = settings.toString();
        assertTrue(printed.contains("https://hooks.example:8443/in"), printed);
        for (String secret : new String[] { "s3cr3t", "pw", "t0k3n" }) {
            assertTrue(!printed.contains(secret), secret + " printed: " + printed);
        }
    }

    @Test
    void messagePublishedIsOptIn() {
        WebhookSettings settings = WebhookSettings.from(config(Map.of("roomcast.webhooks.url", "http://h/", "roomcast.webhooks.secret",
                "s", "roomcast.webhooks.events", "message_published"))).orElseThrow();
        assertEquals(EnumSet.of(EventType.MESSAGE_PUBLISHED), settings.events());
    }

    private static WebhooksConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(WebhooksConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' "30s", "500ms"
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build()
                .getConfigMapping(WebhooksConfig.class);
    }
}
