package dev.roomcast.telemetry;

import static dev.roomcast.support.Ids.unique;
import static dev.roomcast.support.OtlpReceiver.attribute;
import static dev.roomcast.support.OtlpReceiver.hex;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.OtlpReceiver;
import dev.roomcast.support.OtlpTestResource;
import dev.roomcast.support.WsClient;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Spans as the real OTLP exporter sends them to a receiver, checked by name, parentage and attributes. */
@QuarkusTest
@QuarkusTestResource(value = OtlpTestResource.class, restrictToAnnotatedClass = true)
public class TracingTest {

    @TestHTTPResource("/ws")
    URI ws;

    private static Span awaitSpan(String what, Predicate<Span> match) {
        return OtlpTestResource.receiver().await(what, match);
    }

    @Test
    void theUpgradeContinuesTheClientsTraceparent() {
        String traceId = randomHex(16);
        String parentId = randomHex(8);
        try (WsClient c = WsClient.connect(ws, "id=" + unique("traced"), Map.of("traceparent", "00-" + traceId + "-" + parentId + "-01"))) {
            Span upgrade = awaitSpan("the upgrade's span, a child of the client's", s -> hex(s.getTraceId()).equals(traceId)
                    && hex(s.getParentSpanId()).equals(parentId));
            awaitSpan("the connection's open span in the same trace", s -> s.getName().equals("OPEN /ws")
                    && s.getTraceId().equals(upgrade.getTraceId()));
        }
    }

    @Test
    void aRoomMessageIsTracedFromReceiveToDelivery() {
        String room = unique("room");
        try (WsClient a = WsClient.connect(ws, "id=" + unique("alice") + "&room=" + room);
                WsClient b = WsClient.connect(ws, "id=" + unique("bob") + "&room=" + room)) {
            a.next("joined");
            b.next("joined");
            a.send("type", "message", "room", room, "content", "traced");
            b.skipTo("message");

            Span receive = awaitSpan("receive span", s -> s.getName().equals("roomcast receive message")
                    && attribute(s, "roomcast.room").equals(room));
            assertEquals("message", attribute(receive, "roomcast.message.type"));
            assertTrue(Long.parseLong(attribute(receive, "roomcast.message.size")) > 0);
            assertTrue(receive.getParentSpanId().isEmpty(), "each inbound message starts its own trace");

            Span deliver = awaitSpan("deliver span", s -> s.getName().equals("roomcast deliver message")
                    && s.getParentSpanId().equals(receive.getSpanId()));
            assertEquals(receive.getTraceId(), deliver.getTraceId());
            assertEquals("2", attribute(deliver, "roomcast.recipients"));
            assertEquals("false", attribute(deliver, "roomcast.remote"));
            assertEquals(room, attribute(deliver, "roomcast.room"));
        }
    }

    @Test
    void aRefusedRequestIsAnErrorSpan() {
        try (WsClient a = WsClient.connect(ws, "id=" + unique("clumsy"))) {
            a.send("{\"type\":\"teleport\"}");
            a.next("error");
            Span refused = awaitSpan("refused span", s -> s.getName().equals("roomcast receive invalid"));
            assertEquals("unknown_type", refused.getStatus().getMessage());
        }
    }

    private static String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1; // never all zero (invalid)
        return HexFormat.of().formatHex(id);
    }
}
