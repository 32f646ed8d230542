package dev.roomcast.hook;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.HookBackend;
import dev.roomcast.support.HookBackendResource;
import dev.roomcast.support.OtlpTestResource;
import dev.roomcast.support.WebhookReceiver;
import dev.roomcast.support.WebhookReceiverResource;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A join that waited for the join hook is still carried out in the join request's trace, so what it causes (here
 * its {@code member_joined} webhook) is in that trace too: client → Roomcast → backend → delivery.
 */
@QuarkusTest
@QuarkusTestResource(value = HookBackendResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.hooks.connect-url", value = "off"),
        @ResourceArg(name = "roomcast.hooks.publish-url", value = "off") })
@QuarkusTestResource(value = WebhookReceiverResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.webhooks.events", value = "member_joined") })
@QuarkusTestResource(value = OtlpTestResource.class, restrictToAnnotatedClass = true)
public class JoinHookTraceTest {

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
            await("member_joined at the receiver").atMost(Duration.ofSeconds(15)).until(() -> receiver.batches().stream()
                    .anyMatch(b -> b.events().stream().anyMatch(e -> e.path("room").asText().equals(room))));
            WebhookReceiver.Request batch = receiver.batches().stream()
                    .filter(b -> b.events().stream().anyMatch(e -> e.path("room").asText().equals(room))).findFirst()
                    .orElseThrow();
            assertEquals(traceId(join.traceparent()), traceId(batch.traceparent()),
                    "the webhook POST (" + batch.traceparent() + ") is in the join's trace (" + join.traceparent() + ")");
        }
    }

    private static String traceId(String traceparent) {
        return traceparent == null ? null : traceparent.substring(3, 35);
    }
}
