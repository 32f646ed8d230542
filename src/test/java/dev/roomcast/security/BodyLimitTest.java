package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.ChunkedUpload;
import dev.roomcast.support.ChunkedUpload.Answer;
import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Chunked request bodies (no Content-Length) on every route, from a raw socket: past the limit
 * (quarkus.http.limits.max-body-size, by default roomcast.limits.max-message-bytes, 64 KiB) the answer is 413 and
 * the connection closed while the client is still sending, fast or slowly, also for 40 at once; within it the API
 * gets the whole body.
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.api.keys", value = BodyLimitTest.KEY) })
public class BodyLimitTest {

    static final String KEY = "body-key-0123456789";
    private static final String AUTH = "Authorization: Bearer " + KEY;
    private static final long LIMIT = 65536;
    private static final long HUGE = 16L << 20;

    @TestHTTPResource("/")
    URI base;

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void aChunkedBodyPastTheLimitIsRefusedOnEveryRouteBeforeItIsSent() throws Exception {
        for (String route : List.of("POST /api/v1/rooms/" + unique("r") + "/messages\r\n" + AUTH,
                "POST /api/v1/broadcast\r\n" + AUTH, "GET /api/v1/rooms\r\n" + AUTH, "POST /api/v1/rooms/r/messages",
                "GET /", "GET /demo.js", "POST /index.html", "GET /q/health", "GET /q/metrics", "GET /q/openapi",
                "GET /q/swagger-ui/", "GET /ws", "POST /nowhere")) {
            Answer answer = ChunkedUpload.to(base, route).sendFiller(HUGE, 16384);
            assertTooLarge(route, answer);
            assertTrue(answer.cameBeforeTheWholeBody(), route + ": the server read the whole body first: " + answer);
        }
    }

    @Test
    void aSlowChunkedBodyIsRefusedAtTheLimit() throws Exception {
        Answer answer = ChunkedUpload.to(base, "POST /api/v1/broadcast\r\n" + AUTH).pause(Duration.ofMillis(5))
                .sendFiller(1L << 20, 4096);
        assertTooLarge("slow", answer);
        assertTrue(answer.sentBeforeAnswer() < 4 * LIMIT, "answered only after " + answer);
    }

    @Test
    void fortyChunkedBodiesAtOnceAreRefusedWithoutBeingRead() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(40);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(senders.submit(() -> ChunkedUpload.to(base, "POST /api/v1/rooms/" + unique("r") + "/messages\r\n"
                        + AUTH + "\r\nContent-Type: application/json").sendFiller(HUGE, 65536)));
            }
            for (Future<Answer> answer : answers) {
                Answer refused = answer.get(60, TimeUnit.SECONDS);
                assertTooLarge("one of 40", refused);
                assertTrue(refused.cameBeforeTheWholeBody(), "the server read a whole body first: " + refused);
            }
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void aChunkedBodyWithinTheLimitReachesTheApiWhole() throws Exception {
        String room = unique("r");
        String content = "x".repeat(20_000);
        byte[] body = ("{\"content\":\"" + content + "\"}").getBytes(StandardCharsets.UTF_8);
        try (WsClient member = WsClient.connect(ws, "id=" + unique("u") + "&room=" + room)) {
            member.next("joined");
            Answer answer = ChunkedUpload.to(base, "POST /api/v1/rooms/" + room + "/messages\r\n" + AUTH
                    + "\r\nContent-Type: application/json\r\nExpect: 100-continue").send(body, 1000);
            assertEquals(200, answer.status(), answer.toString());
            JsonNode message = member.next("message");
            assertEquals(content, message.get("content").asText());
        }
    }

    @Test
    void anUpgradeWithAChunkedBodyIsRefused() throws Exception {
        Answer answer = ChunkedUpload.to(base, "GET /ws?id=" + unique("u") + "\r\nUpgrade: websocket\r\nConnection: Upgrade"
                + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13").sendFiller(HUGE, 16384);
        assertEquals(400, answer.status(), answer.toString());
        assertTrue(answer.body().contains("\"code\":\"invalid_upgrade\""), answer.toString());
        assertTrue(answer.closed(), "not closed: " + answer);
        assertTrue(answer.cameBeforeTheWholeBody(), answer.toString());
    }

    private static void assertTooLarge(String route, Answer answer) {
        assertEquals(413, answer.status(), route + ": " + answer);
        assertTrue(answer.body().contains("\"code\":\"content_too_large\""), route + ": " + answer);
        assertTrue(answer.closed(), route + ": the connection stayed open: " + answer);
    }
}
