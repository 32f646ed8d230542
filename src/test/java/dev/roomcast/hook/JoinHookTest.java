package dev.roomcast.hook;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.HookBackend;
import dev.roomcast.support.HookBackend.Answer;
import dev.roomcast.support.HookBackendResource;
import dev.roomcast.support.OtlpTestResource;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.WebhookReceiver;
import dev.roomcast.support.WebhookReceiverResource;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a join that waited for the join hook does once the backend answered, seen by the room's members and by
 * the webhook receiver: it is carried out in the join request's trace, and not at all when its connection closed
 * meanwhile. The hook's timeout is long, so a held answer is an answer, not a timeout.
 */
@QuarkusTest
@QuarkusTestResource(value = HookBackendResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.hooks.connect-url", value = "off"),
        @ResourceArg(name = "roomcast.hooks.publish-url", value = "off"),
        @ResourceArg(name = "roomcast.hooks.timeout", value = "20s") })
@QuarkusTestResource(value = WebhookReceiverResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.webhooks.events", value = "member_joined,member_left") })
@QuarkusTestResource(value = OtlpTestResource.class, restrictToAnnotatedClass = true)
public class JoinHookTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TestHTTPResource("/ws")
    URI ws;

    WebhookReceiver receiver;

    @Test
    void theWebhookOfAHookedJoinIsInTheJoinsTrace() {
        String user = unique("alice"), room = unique("room");
        try (WsClient a = WsClient.connect(ws, "id=" + user)) {
            a.send("type", "join", "room", room, "ref", 1);
            a.next("joined");
            HookBackend.Call join = HookBackendResource.backend().awaitCall("join",
                    c -> c.body().path("room").asText().equals(room));
            assertNotNull(join.traceparent(), "tracing is on");
            await("member_joined at the receiver").atMost(WAIT).until(() -> !ofRoom(room).isEmpty());
            WebhookReceiver.Request batch = receiver.batches().stream()
                    .filter(b -> b.events().stream().anyMatch(e -> e.path("room").asText().equals(room))).findFirst()
                    .orElseThrow();
            assertEquals(traceId(join.traceparent()), traceId(batch.traceparent()),
                    "the webhook POST (" + batch.traceparent() + ") is in the join's trace (" + join.traceparent() + ")");
        }
    }

    /**
     * The backend allows the join of a connection that closed while it was asked: the join is not made. Before, it
     * was made and undone at once: the members got a user_left for someone they never saw join, and the receiver a
     * member_joined and a member_left for a connection that was already gone.
     */
    @Test
    void aJoinWhoseConnectionClosedWhileTheHookWasAskedIsNotMade() {
        HookBackend backend = HookBackendResource.backend();
        String room = unique("room"), alice = unique("alice"), carol = unique("carol");
        CountDownLatch release = new CountDownLatch(1);
        backend.answer("join", body -> body.get("user").asText().equals(alice) ? Answer.allow().heldBy(release)
                : Answer.allow());
        try (WsClient bob = WsClient.connect(ws, "id=" + unique("bob") + "&room=" + room)) {
            bob.next("joined");
            WsClient a = WsClient.connect(ws, "id=" + alice);
            a.send("type", "join", "room", room);
            backend.awaitCall("join", c -> c.body().path("user").asText().equals(alice));
            Scrape before = Scrape.now();
            a.close(4321); // a close code of its own, counted as "other"
            await("the server closed alice's connection").atMost(WAIT).until(() -> Scrape.now()
                    .since(before, "roomcast_connection_duration_seconds_count{close_reason=\"other\"}") >= 1);
            release.countDown();
            try (WsClient c = WsClient.connect(ws, "id=" + carol)) { // after alice's answer: a marker
                c.send("type", "join", "room", room);
                c.next("joined");
                List<JsonNode> heard = bob.receivedUntil("user_joined");
                assertEquals(List.of("user_joined " + carol), heard.stream()
                        .map(f -> f.get("type").asText() + " " + f.path("user").asText()).toList(), "bob hears of carol only");
            }
            await("carol's member_joined").atMost(WAIT).until(() -> ofRoom(room).stream()
                    .anyMatch(e -> e.path("user").asText().equals(carol)));
            assertEquals(List.of(), ofRoom(room).stream().filter(e -> e.path("user").asText().equals(alice)).toList(),
                    "nothing about alice (one lane per room: her events would have come before carol's)");
        } finally {
            release.countDown();
        }
    }

    private List<JsonNode> ofRoom(String room) {
        return receiver.events().stream().filter(e -> e.path("room").asText().equals(room)).toList();
    }

    private static String traceId(String traceparent) {
        return traceparent == null ? null : traceparent.substring(3, 35);
    }
}
