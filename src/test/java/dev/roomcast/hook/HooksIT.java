package dev.roomcast.hook;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.HookBackend;
import dev.roomcast.support.HookBackend.Answer;
import dev.roomcast.support.HookBackendResource;
import dev.roomcast.support.Refusal;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Hooks in the packaged application: a denied connect, a moderated message, the failure policies, the start-up check. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = HookBackendResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.hooks.timeout", value = "500ms") })
public class HooksIT {

    @TestHTTPResource("/ws")
    URI ws;

    private HookBackend backend;

    @BeforeEach
    void freshBackend() {
        backend = HookBackendResource.backend();
        backend.reset();
    }

    @Test
    void aDeniedConnectIsRefusedWith403AndTheBackendsCode() {
        backend.answer("connect", Answer.deny("banned", "banned until Monday"));
        Refusal refused = Refusal.of(ws, "id=" + unique("mallory"));
        assertEquals(403, refused.status());
        assertEquals("hook:banned", refused.code());
        assertEquals("banned until Monday", refused.message());
        assertTrue(backend.calls("connect").get(0).signed());
    }

    @Test
    void aModeratedMessageReachesTheOtherMemberRewrittenWithMeta() {
        String room = unique("room");
        backend.answer("publish", Answer.allowWith("\"content\":\"[removed]\",\"meta\":{\"flagged\":true}"));
        try (WsClient a = WsClient.connect(ws, "id=" + unique("alice") + "&room=" + room);
                WsClient b = WsClient.connect(ws, "id=" + unique("bob") + "&room=" + room)) {
            a.next("joined");
            b.next("joined");
            a.send("type", "message", "room", room, "content", "rude words", "ref", 1);
            JsonNode message = b.next("message");
            assertEquals("[removed]", message.get("content").asText());
            assertEquals("{\"flagged\":true}", message.get("meta").toString());
        }
    }

    @Test
    void aSlowJoinHookIsAFailureAndASlowPublishHookIsNot() {
        String room = unique("room"), slow = unique("slow");
        backend.answer("join", body -> body.get("room").asText().equals(slow)
                ? Answer.allow().after(Duration.ofSeconds(3)) : Answer.allow());
        backend.answer("publish", Answer.deny("late", "too late").after(Duration.ofSeconds(3)));
        try (WsClient a = WsClient.connect(ws, "id=" + unique("alice") + "&room=" + room)) {
            a.next("joined");
            a.send("type", "join", "room", slow, "ref", "j");
            assertEquals("hook_failed", a.next("error").get("code").asText());
            a.send("type", "message", "room", room, "content", "through", "ref", "m");
            assertEquals("through", a.next("message").get("content").asText());
        }
    }

    @Test
    void aBackendThatIsDownIsAFailureUnderEachPolicy() throws Exception {
        String down = HookBackend.downUrl();
        try (AppProcess app = AppProcess.start("hooks-down", Map.of("roomcast.hooks.join-url", down,
                "roomcast.hooks.publish-url", down, "roomcast.hooks.secret", "s"))) {
            String room = unique("room");
            try (WsClient a = WsClient.connect(app.ws(), "id=" + unique("alice"))) {
                a.send("type", "join", "room", room, "ref", 1);
                assertEquals("hook_failed", a.next("error").get("code").asText(), "join denies on failure");
            }
        }
        try (AppProcess app = AppProcess.start("hooks-down-allow", Map.of("roomcast.hooks.join-url", down,
                "roomcast.hooks.join-on-failure", "allow", "roomcast.hooks.secret", "s"))) {
            try (WsClient a = WsClient.connect(app.ws(), "id=" + unique("alice"))) {
                a.send("type", "join", "room", unique("room"), "ref", 1);
                assertEquals(List.of(1), List.of(a.next("joined").get("ref").asInt()), "allowed on failure");
            }
        }
    }

    @Test
    void aHookUrlWithoutASecretStopsTheStart() {
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> AppProcess.start("hooks-no-secret",
                Map.of("roomcast.hooks.publish-url", "http://127.0.0.1:9/hooks")));
        assertTrue(failed.getMessage().contains("roomcast.hooks.secret is required"), failed.getMessage());
    }
}
