package dev.roomcast.cluster;

import static dev.roomcast.support.Ids.unique;
import static dev.roomcast.support.OtlpReceiver.attribute;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.OtlpTestResource;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.WsClient;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** One trace across instances: the publish on A is the parent of the delivery on B, through the Redis envelope. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OtlpTestResource.class, restrictToAnnotatedClass = true)
public class ClusterTracingIT {

    @TestHTTPResource("/ws")
    URI a;

    /** The first client must not meet A's Redis link still connecting: readiness includes the canary. */
    @BeforeEach
    void aIsReady() {
        Readiness.await(200);
    }

    private static AppProcess b;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        Map<String, String> config = new HashMap<>(RedisTestResource.clusterConfig());
        config.putAll(OtlpTestResource.tracingConfig());
        b = AppProcess.start("instance-b-traced", config);
    }

    @AfterAll
    static void stopSecondInstance() {
        if (b != null) {
            b.close();
        }
    }

    private static Span awaitSpan(String what, Predicate<Span> match) {
        return OtlpTestResource.receiver().await(what, match);
    }

    @Test
    void aMessageFromAToBIsOneTrace() {
        String room = unique("room");
        try (WsClient alice = WsClient.connect(a, "id=" + unique("alice") + "&room=" + room);
                WsClient bob = WsClient.connect(b.ws(), "id=" + unique("bob") + "&room=" + room)) {
            alice.next("joined");
            bob.next("joined");
            alice.send("type", "message", "room", room, "content", "across");
            assertEquals("across", alice.skipTo("message").get("content").asText(), "A accepted and echoed it");
            assertEquals("across", bob.skipTo("message").get("content").asText());

            Span receive = awaitSpan("A's receive", s -> s.getName().equals("roomcast receive message")
                    && attribute(s, "roomcast.room").equals(room));
            Span publish = awaitSpan("A's publish", s -> s.getName().equals("roomcast publish message")
                    && s.getParentSpanId().equals(receive.getSpanId()));
            Span remote = awaitSpan("B's delivery", s -> s.getName().equals("roomcast deliver message")
                    && attribute(s, "roomcast.remote").equals("true") && s.getParentSpanId().equals(publish.getSpanId()));
            assertEquals(receive.getTraceId(), remote.getTraceId(), "one trace from A to B");
            assertEquals("1", attribute(remote, "roomcast.recipients"), "bob, on B");
        }
    }
}
