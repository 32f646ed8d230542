package dev.roomcast.hook;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.HookBackend;
import dev.roomcast.support.HookBackend.Answer;
import dev.roomcast.support.HookBackendResource;
import dev.roomcast.support.OtlpReceiver;
import dev.roomcast.support.OtlpTestResource;
import dev.roomcast.support.Refusal;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The three hooks against a real HTTP backend, with the default failure policies (connect and join deny, publish
 * allows) and a short timeout; tracing on, to see the backend's traceparent in the request's trace.
 */
@QuarkusTest
@QuarkusTestResource(value = HookBackendResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.hooks.timeout", value = "500ms") })
@QuarkusTestResource(value = OtlpTestResource.class, restrictToAnnotatedClass = true)
public class HooksTest {

    private static final Duration SLOWER_THAN_THE_TIMEOUT = Duration.ofSeconds(3);

    @TestHTTPResource("/ws")
    URI ws;

    private HookBackend backend;

    @BeforeEach
    void freshBackend() {
        backend = HookBackendResource.backend();
        backend.reset();
    }

    private WsClient connect(String user, String room) {
        WsClient client = WsClient.connect(ws, "id=" + user + (room == null ? "" : "&room=" + room));
        if (room != null) {
            client.next("joined");
        }
        return client;
    }

    @Test
    void everyHookIsAskedWithWhatRoomcastKnowsSignedAndAllowed() {
        String alice = unique("alice"), room = unique("room");
        try (WsClient a = connect(alice, room)) {
            HookBackend.Call connect = backend.awaitCall("connect", c -> c.body().path("user").asText().equals(alice));
            assertTrue(connect.signed(), "signature checks out: " + connect.signature());
            assertEquals("connect", connect.body().get("hook").asText());
            assertEquals("127.0.0.1", connect.body().get("address").asText());
            assertEquals(List.of(room), List.of(connect.body().at("/query/room/0").asText()), connect.rawBody());
            assertFalse(connect.body().path("instance").asText().isEmpty(), connect.rawBody());
            assertTrue(connect.body().path("claims").isMissingNode(), "no token, no claims: " + connect.rawBody());

            HookBackend.Call join = backend.awaitCall("join", c -> c.body().path("room").asText().equals(room));
            assertTrue(join.signed());
            assertEquals(alice, join.body().get("user").asText());
            assertFalse(join.body().path("connection").asText().isEmpty(), join.rawBody());

            a.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"content\":{\"n\":1.10},\"id\":\"m-1\",\"ref\":7}");
            JsonNode message = a.next("message");
            assertEquals("{\"n\":1.10}", message.get("content").toString());
            assertTrue(message.path("meta").isMissingNode(), "no meta unless the hook gives some: " + message);
            assertEquals(7, a.next("accepted").get("ref").asInt());
            HookBackend.Call publish = backend.awaitCall("publish", c -> c.body().path("room").asText().equals(room));
            assertTrue(publish.signed());
            assertTrue(publish.rawBody().contains("\"content\":{\"n\":1.10}"), "content as sent: " + publish.rawBody());
            assertEquals("m-1", publish.body().get("id").asText());
            assertEquals(alice, publish.body().get("user").asText());
        }
    }

    @Test
    void aDenialReachesTheClientAsItsNamespacedCodeWithItsRef() {
        String room = unique("room"), vip = unique("vip");
        Scrape before = Scrape.now();
        backend.answer("join", body -> body.get("room").asText().equals(vip) ? Answer.deny("members_only", "VIPs only")
                : Answer.allow());
        backend.answer("publish", Answer.deny("Not A Code!", "x".repeat(1000)));
        try (WsClient a = connect(unique("alice"), room)) {
            a.send("type", "join", "room", vip, "ref", "j1");
            JsonNode refused = a.next("error");
            assertEquals("hook:members_only", refused.get("code").asText());
            assertEquals("VIPs only", refused.get("message").asText());
            assertEquals("j1", refused.get("ref").asText());

            a.send("type", "message", "room", room, "content", "hi", "ref", "m1");
            JsonNode denied = a.next("error");
            assertEquals("hook:denied", denied.get("code").asText(), "an invalid code becomes hook:denied");
            assertEquals(HookAnswer.MAX_MESSAGE, denied.get("message").asText().length(), "the message is cut short");
            assertEquals("m1", denied.get("ref").asText());
            a.sync();
            assertEquals(List.of(), a.drain(), "the denied message was not published");
        }
        Scrape after = Scrape.now();
        assertEquals(1, after.since(before, "roomcast_hook_calls_total{hook=\"join\",outcome=\"deny\"}"));
        assertEquals(1, after.since(before, "roomcast_hook_calls_total{hook=\"publish\",outcome=\"deny\"}"));
        assertEquals(2, after.since(before, "roomcast_errors_total{component=\"hook\",type=\"hook:denied\"}"));
    }

    @Test
    void aDeniedConnectIsRefusedWith403AndTheBackendsCode() {
        Scrape before = Scrape.now();
        backend.answer("connect", Answer.deny("suspended", "account suspended"));
        Refusal refused = Refusal.of(ws, "id=" + unique("mallory"));
        assertEquals(403, refused.status());
        assertEquals("hook:suspended", refused.code());
        assertEquals("account suspended", refused.message());
        assertEquals(1, Scrape.now().since(before,
                "roomcast_connections_total{outcome=\"rejected\",reason=\"hook:denied\"}"));
    }

    @Test
    void thePublishHookRewritesTheContentAndAttachesMetaForEveryMemberAndTheHistory() {
        String room = unique("room");
        backend.answer("publish", Answer.allowWith("\"content\":{\"text\":\"***\"},\"meta\":{\"score\":0.930,\"by\":\"mod\"}"));
        try (WsClient a = WsClient.connect(ws, "id=" + unique("alice")); WsClient b = connect(unique("bob"), room)) {
            a.send("type", "join", "room", room);
            JsonNode joined = a.next("joined");
            b.next("user_joined");
            a.send("type", "message", "room", room, "content", Map.of("text", "darn"), "ref", 1);
            for (WsClient member : List.of(a, b)) {
                JsonNode message = member.next("message");
                assertEquals("{\"text\":\"***\"}", message.get("content").toString());
                assertEquals("{\"score\":0.930,\"by\":\"mod\"}", message.get("meta").toString(), "meta as the hook wrote it");
            }
            a.next("accepted");

            try (WsClient late = WsClient.connect(ws, "id=" + unique("carol"))) {
                late.send("type", "join", "room", room, "since",
                        Map.of("offset", joined.get("offset").asLong(), "epoch", joined.get("epoch").asText()));
                late.next("joined");
                JsonNode replayed = late.next("message");
                assertEquals("{\"text\":\"***\"}", replayed.get("content").toString());
                assertEquals("{\"score\":0.930,\"by\":\"mod\"}", replayed.get("meta").toString(), "the replay keeps meta");
            }
        }
    }

    @Test
    void roomsFromTheConnectHookReplaceTheGrants() {
        backend.answer("connect", Answer.allowWith("\"rooms\":[\"team-*\"]"));
        String team = unique("team-");
        try (WsClient a = WsClient.connect(ws, "id=" + unique("alice"))) {
            a.send("type", "join", "room", team, "ref", 1);
            assertEquals(team, a.next("joined").get("room").asText());
            a.send("type", "join", "room", unique("lobby"), "ref", 2);
            JsonNode refused = a.next("error");
            assertEquals("forbidden", refused.get("code").asText());
            assertEquals(2, refused.get("ref").asInt());
        }
        backend.answer("connect", Answer.allowWith("\"rooms\":{\"join\":[\"*\"],\"publish\":[]}"));
        String room = unique("room");
        try (WsClient reader = WsClient.connect(ws, "id=" + unique("reader") + "&room=" + room)) {
            reader.next("joined");
            reader.send("type", "message", "room", room, "content", 1, "ref", 3);
            assertEquals("forbidden", reader.next("error").get("code").asText(), "joins anything, publishes nowhere");
        }
    }

    @Test
    void aSlowBackendFailsConnectAndJoinButPublishGoesAheadUnchanged() {
        Scrape before = Scrape.now();
        String room = unique("room"), slow = unique("slow");
        backend.answer("connect", Answer.allow().after(SLOWER_THAN_THE_TIMEOUT));
        Refusal refused = Refusal.of(ws, "id=" + unique("alice"));
        assertEquals(503, refused.status());
        assertEquals("hook_failed", refused.code());

        backend.reset();
        backend.answer("join", body -> body.get("room").asText().equals(slow) ? Answer.allow().after(SLOWER_THAN_THE_TIMEOUT)
                : Answer.allow());
        backend.answer("publish", Answer.deny("never", "seen").after(SLOWER_THAN_THE_TIMEOUT));
        try (WsClient a = connect(unique("alice"), room)) {
            a.send("type", "join", "room", slow, "ref", "j");
            JsonNode failed = a.next("error");
            assertEquals("hook_failed", failed.get("code").asText());
            assertEquals("j", failed.get("ref").asText());
            assertTrue(failed.get("message").asText().contains("500 ms"), failed.toString());

            a.send("type", "message", "room", room, "content", "as sent", "ref", "m");
            assertEquals("as sent", a.next("message").get("content").asText(), "publish allows on failure, unchanged");
            assertEquals("m", a.next("accepted").get("ref").asText());
        }
        Scrape after = Scrape.now();
        assertEquals(1, after.since(before, "roomcast_hook_calls_total{hook=\"connect\",outcome=\"timeout\"}"));
        assertEquals(1, after.since(before, "roomcast_hook_calls_total{hook=\"join\",outcome=\"timeout\"}"));
        assertEquals(1, after.since(before, "roomcast_hook_calls_total{hook=\"publish\",outcome=\"timeout\"}"));
    }

    @Test
    void aBackendErrorFailsConnectAndJoinButPublishGoesAheadUnchanged() {
        Scrape before = Scrape.now();
        backend.answer("connect", Answer.status(500));
        assertEquals("hook_failed", Refusal.of(ws, "id=" + unique("alice")).code());

        backend.reset();
        String room = unique("room"), broken = unique("broken");
        backend.answer("join", body -> body.get("room").asText().equals(broken) ? Answer.status(500) : Answer.allow());
        backend.answer("publish", Answer.json("not json"));
        try (WsClient a = connect(unique("alice"), room)) {
            a.send("type", "join", "room", broken, "ref", 1);
            assertEquals("hook_failed", a.next("error").get("code").asText());
            a.send("type", "message", "room", room, "content", "kept");
            assertEquals("kept", a.next("message").get("content").asText());
        }
        Scrape after = Scrape.now();
        assertEquals(2, after.since(before, "roomcast_hook_calls_total{hook=\"connect\",outcome=\"failed\"}")
                + after.since(before, "roomcast_hook_calls_total{hook=\"join\",outcome=\"failed\"}"));
        assertEquals(1, after.since(before, "roomcast_hook_calls_total{hook=\"publish\",outcome=\"failed\"}"));
    }

    @Test
    void aConnectionsRepliesKeepTheirOrderWhileAHookIsSlow() throws Exception {
        String room = unique("room"), held = unique("held");
        CountDownLatch release = new CountDownLatch(1);
        backend.answer("join", body -> body.get("room").asText().equals(held) ? Answer.allow().heldBy(release)
                : Answer.allow());
        try (WsClient a = connect(unique("alice"), room); WsClient other = connect(unique("bob"), room)) {
            a.next("user_joined");
            a.send("type", "join", "room", held, "ref", "slow");
            a.send("type", "ping", "ref", "after");
            backend.awaitCall("join", c -> c.body().path("room").asText().equals(held));
            other.send("type", "ping", "ref", "other");
            assertEquals("other", other.next("pong").get("ref").asText(), "another connection does not wait");
            release.countDown();
            JsonNode first = a.next();
            assertEquals("joined", first.get("type").asText(), "the join's reply comes first: " + first);
            assertEquals("after", a.next("pong").get("ref").asText());
        } finally {
            release.countDown();
        }
    }

    @Test
    void theBackendGetsATraceparentInTheRequestsTrace() {
        String room = unique("room");
        try (WsClient a = connect(unique("alice"), room); WsClient b = connect(unique("bob"), room)) {
            a.next("user_joined");
            a.send("type", "message", "room", room, "content", "traced");
            b.next("message");
            HookBackend.Call publish = backend.awaitCall("publish", c -> c.body().path("room").asText().equals(room));
            assertTrue(publish.traceparent() != null && publish.traceparent().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"),
                    "traceparent: " + publish.traceparent());
            String traceId = publish.traceparent().substring(3, 35);
            String hookSpanId = publish.traceparent().substring(36, 52);
            OtlpReceiver receiver = OtlpTestResource.receiver();
            io.opentelemetry.proto.trace.v1.Span hook = receiver.await("the hook's CLIENT span",
                    s -> OtlpReceiver.hex(s.getSpanId()).equals(hookSpanId));
            assertEquals("roomcast hook publish", hook.getName());
            assertEquals(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT, hook.getKind());
            receiver.await("the receive span, the hook span's parent", s -> OtlpReceiver.hex(s.getSpanId())
                    .equals(OtlpReceiver.hex(hook.getParentSpanId())) && s.getName().equals("roomcast receive message"));
            receiver.await("the delivery in the same trace", s -> OtlpReceiver.hex(s.getTraceId()).equals(traceId)
                    && s.getName().startsWith("roomcast deliver"));
        }
    }

    /**
     * A pooled connection idle for Node's default keep-alive (5 s) is not used again: the backend may be closing it
     * just then, and a call written onto it would fail (a refused join under the deny policy).
     */
    @Test
    void aConnectionIdleAsLongAsNodesKeepAliveIsNotReused() throws Exception {
        String room = unique("room"), later = unique("later");
        try (WsClient a = connect(unique("alice"), room)) {
            java.util.Set<Integer> used = backend.clientPorts();
            Thread.sleep(5_000); // the idle time itself is what is tested
            a.send("type", "join", "room", later, "ref", 1);
            assertEquals(later, a.next("joined").get("room").asText());
            HookBackend.Call join = backend.awaitCall("join", c -> c.body().path("room").asText().equals(later));
            assertFalse(used.contains(join.clientPort()), "a new connection, not one of " + used + ": " + join.clientPort());
        }
    }

    @Test
    void withoutATokenTheConnectHookGetsNoClaimsAndNeverTheTokenParameter() {
        String user = unique("alice");
        try (WsClient a = WsClient.connect(ws, "id=" + user + "&access_token=secret&x=1&x=2")) {
            HookBackend.Call connect = backend.awaitCall("connect", c -> c.body().path("user").asText().equals(user));
            assertNull(connect.body().get("query").get("access_token"), connect.rawBody());
            assertEquals("[\"1\",\"2\"]", connect.body().get("query").get("x").toString());
        }
    }
}
