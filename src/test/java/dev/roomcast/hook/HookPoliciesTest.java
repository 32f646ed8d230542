package dev.roomcast.hook;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.HookBackend;
import dev.roomcast.support.HookBackend.Answer;
import dev.roomcast.support.HookBackendResource;
import dev.roomcast.support.JwksTestResource;
import dev.roomcast.support.Refusal;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.TestTokens;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The failure policies the other way round (connect and join allow, publish denies), one hook call at a time
 * per instance (so a second one is refused as hook_busy), and JWT auth (the connect hook gets the claims).
 */
@QuarkusTest
@QuarkusTestResource(value = HookBackendResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.hooks.timeout", value = "500ms"),
        @ResourceArg(name = "roomcast.hooks.connect-on-failure", value = "allow"),
        @ResourceArg(name = "roomcast.hooks.join-on-failure", value = "allow"),
        @ResourceArg(name = "roomcast.hooks.publish-on-failure", value = "deny"),
        @ResourceArg(name = "roomcast.hooks.max-in-flight", value = "1") })
@QuarkusTestResource(value = JwksTestResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.auth.mode", value = "optional"),
        @ResourceArg(name = "roomcast.auth.anonymous-publish", value = "*") })
public class HookPoliciesTest {

    private static final Duration SLOWER_THAN_THE_TIMEOUT = Duration.ofSeconds(3);

    @TestHTTPResource("/ws")
    URI ws;

    private HookBackend backend;

    @BeforeEach
    void freshBackend() {
        backend = HookBackendResource.backend();
        backend.reset();
    }

    @Test
    void aSlowOrBrokenBackendLetsConnectAndJoinThroughButRefusesPublish() {
        String room = unique("room"), other = unique("other");
        backend.answer("connect", Answer.deny("never", "seen").after(SLOWER_THAN_THE_TIMEOUT));
        backend.answer("join", body -> body.get("room").asText().equals(room) ? Answer.deny("never", "seen")
                .after(SLOWER_THAN_THE_TIMEOUT) : Answer.status(500));
        backend.answer("publish", Answer.allow().after(SLOWER_THAN_THE_TIMEOUT));
        try (WsClient a = WsClient.connect(ws, "room=" + room)) {
            a.next("joined");
            a.send("type", "join", "room", other, "ref", 1);
            assertEquals(other, a.next("joined").get("room").asText(), "a 500 under allow is an allow");
            a.send("type", "message", "room", room, "content", "lost", "ref", "m");
            JsonNode failed = a.next("error");
            assertEquals("hook_failed", failed.get("code").asText());
            assertEquals("m", failed.get("ref").asText());
        }
    }

    @Test
    void aPublishHookThatFailsUnderDenyRefusesEvenOnA500() {
        String room = unique("room");
        backend.answer("publish", Answer.status(500));
        try (WsClient a = WsClient.connect(ws, "room=" + room)) {
            a.next("joined");
            a.send("type", "message", "room", room, "content", 1, "ref", 2);
            assertEquals("hook_failed", a.next("error").get("code").asText());
        }
    }

    @Test
    void pastTheInFlightBoundRequestsAreRefusedAsBusy() throws Exception {
        Scrape before = Scrape.now();
        String held = unique("held"), room = unique("room");
        CountDownLatch release = new CountDownLatch(1);
        backend.answer("join", body -> body.get("room").asText().equals(held) ? Answer.allow().heldBy(release)
                : Answer.allow());
        try (WsClient a = WsClient.connect(ws, null); WsClient b = WsClient.connect(ws, null)) {
            a.send("type", "join", "room", held, "ref", "held");
            backend.awaitCall("join", c -> c.body().path("room").asText().equals(held));
            b.send("type", "join", "room", room, "ref", "busy");
            JsonNode busy = b.next("error");
            assertEquals("hook_busy", busy.get("code").asText());
            assertEquals("busy", busy.get("ref").asText());
            Refusal refused = Refusal.of(ws, null);
            assertEquals(503, refused.status());
            assertEquals("hook_busy", refused.code());
            release.countDown();
            assertEquals("held", a.next("joined").get("ref").asText());
            b.send("type", "join", "room", room, "ref", "again");
            assertEquals("again", b.next("joined").get("ref").asText(), "a place is free again");
        } finally {
            release.countDown();
        }
        Scrape after = Scrape.now();
        assertEquals(1, after.since(before, "roomcast_hook_calls_total{hook=\"join\",outcome=\"busy\"}"));
        assertEquals(1, after.since(before, "roomcast_hook_calls_total{hook=\"connect\",outcome=\"busy\"}"));
        assertEquals(0, after.value("roomcast_hook_in_flight"), "nothing left open");
    }

    @Test
    void theConnectHookGetsTheTokensClaimsAndItsRoomsReplaceTheTokens() {
        String alice = unique("alice");
        String token = TestTokens.token(alice, c -> c.claim("rooms", java.util.List.of("open-*")).claim("plan", "gold"));
        backend.answer("connect", Answer.allowWith("\"rooms\":\"vip-* lobby\""));
        try (WsClient a = WsClient.connect(ws, null, Map.of("Authorization", "Bearer " + token))) {
            HookBackend.Call connect = backend.awaitCall("connect", c -> c.body().path("user").asText().equals(alice));
            assertEquals("gold", connect.body().at("/claims/plan").asText(), connect.rawBody());
            assertEquals(alice, connect.body().at("/claims/sub").asText());
            a.send("type", "join", "room", "lobby", "ref", 1);
            assertEquals("lobby", a.next("joined").get("room").asText());
            a.send("type", "join", "room", unique("open-"), "ref", 2);
            assertEquals("forbidden", a.next("error").get("code").asText(), "the token's grants are replaced");
        }
        assertTrue(backend.calls("connect").stream().allMatch(HookBackend.Call::signed));
    }
}
