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
import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.OtlpTestResource;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.WsClient;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** One trace across instances: the publish on A is the parent of the delivery on B, through the Redis envelope. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OtlpTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.api.keys", value = ClusterTracingIT.KEY) })
public class ClusterTracingIT {

    static final String KEY = "tracing-key-0123456789";

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
        config.put("roomcast.api.keys", KEY);
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

    @Test
    void anApiCallOnAAndItsDeliveryOnBAreOneTrace() {
        String room = unique("room");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (WsClient bob = WsClient.connect(b.ws(), "id=" + unique("bob") + "&room=" + room)) {
            bob.next("joined");
            io.restassured.RestAssured.given().header("Authorization", "Bearer " + KEY)
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").contentType("application/json")
                    .body("{\"content\":\"from a backend\"}").post("/api/v1/rooms/" + room + "/messages").then().statusCode(200);
            assertEquals("from a backend", bob.skipTo("message").get("content").asText());

            Span api = awaitSpan("A's API call", s -> s.getName().equals("roomcast api room_message")
                    && hex(s.getTraceId()).equals(traceId));
            Span publish = awaitSpan("A's publish", s -> s.getName().equals("roomcast publish message")
                    && s.getParentSpanId().equals(api.getSpanId()));
            Span remote = awaitSpan("B's delivery", s -> s.getName().equals("roomcast deliver message")
                    && attribute(s, "roomcast.remote").equals("true") && s.getParentSpanId().equals(publish.getSpanId()));
            assertEquals(traceId, hex(remote.getTraceId()), "the caller's trace, through A's publish, to B's delivery");
        }
    }

    private static String hex(com.google.protobuf.ByteString bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes.toByteArray()) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }
}
