package dev.roomcast.deploy;

import static dev.roomcast.deploy.HelmChartTest.container;
import static dev.roomcast.deploy.HelmChartTest.env;
import static dev.roomcast.deploy.HelmChartTest.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The chart's webhooks and hooks values become roomcast.webhooks.* and roomcast.hooks.*, secrets read from Secrets. */
class HelmHooksValuesTest {

    @Test
    void offByDefault() throws Exception {
        String env = container(render(Map.of())).get("env").toString();
        assertFalse(env.contains("ROOMCAST_WEBHOOKS_") || env.contains("ROOMCAST_HOOKS_"), env);
    }

    @Test
    void webhooksTakeTheirSecretFromASecret() throws Exception {
        JsonNode c = container(render(Map.of("webhooks.url", "https://backend/webhooks", "webhooks.existingSecret",
                "backend-signing", "webhooks.events", "message_published")));
        assertEquals("https://backend/webhooks", env(c, "ROOMCAST_WEBHOOKS_URL"));
        assertEquals("{\"secretKeyRef\":{\"name\":\"backend-signing\",\"key\":\"webhook-secret\"}}", env(c, "ROOMCAST_WEBHOOKS_SECRET"));
        assertEquals("message_published", env(c, "ROOMCAST_WEBHOOKS_EVENTS"));
    }

    @Test
    void hooksSetOnlyTheUrlsGivenWithTheirPolicies() throws Exception {
        JsonNode c = container(render(Map.of("hooks.publishUrl", "http://backend/publish", "hooks.existingSecret",
                "backend-signing", "hooks.timeout", "300ms", "hooks.publishOnFailure", "deny")));
        assertEquals("http://backend/publish", env(c, "ROOMCAST_HOOKS_PUBLISH_URL"));
        assertNull(env(c, "ROOMCAST_HOOKS_CONNECT_URL"));
        assertNull(env(c, "ROOMCAST_HOOKS_JOIN_URL"));
        assertEquals("{\"secretKeyRef\":{\"name\":\"backend-signing\",\"key\":\"hook-secret\"}}", env(c, "ROOMCAST_HOOKS_SECRET"));
        assertEquals("300ms", env(c, "ROOMCAST_HOOKS_TIMEOUT"));
        assertEquals("deny", env(c, "ROOMCAST_HOOKS_PUBLISH_ON_FAILURE"));
        assertEquals("deny", env(c, "ROOMCAST_HOOKS_CONNECT_ON_FAILURE"));
        assertEquals("deny", env(c, "ROOMCAST_HOOKS_JOIN_ON_FAILURE"));
    }

    @Test
    void aUrlWithoutASecretIsRefused() {
        Exception webhooks = assertThrows(Exception.class, () -> render(Map.of("webhooks.url", "https://backend/w")));
        assertTrue(String.valueOf(webhooks.getMessage()).contains("webhooks.url needs webhooks.existingSecret"), webhooks.getMessage());
        Exception hooks = assertThrows(Exception.class, () -> render(Map.of("hooks.joinUrl", "https://backend/j")));
        assertTrue(String.valueOf(hooks.getMessage()).contains("need hooks.existingSecret"), hooks.getMessage());
    }
}
