package dev.roomcast.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.roomcast.protocol.RawJson;
import dev.roomcast.support.WebhookReceiver;
import dev.roomcast.telemetry.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Vertx;

/**
 * The signature checks the docs give receivers (Node: src/test/js/verify-webhook.mjs; Java: {@link #verify}, as
 * printed) accept a request the sender really made, and refuse it tampered with or under another secret.
 */
class WebhookSignatureDocsTest {

    private static final String SECRET = "whsec-docs-example";

    @Test
    void theDocumentedChecksAcceptARealRequestAndRefuseATamperedOne() throws Exception {
        Vertx vertx = Vertx.vertx();
        WebhookReceiver receiver = new WebhookReceiver(SECRET);
        WebhookSender sender = new WebhookSender(vertx, new WebhookSettings(URI.create(receiver.url()), SECRET,
                EnumSet.allOf(EventType.class), 1 << 20, 100, 100, 1 << 20, 1, 1, Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)),
                "instance-a", new SimpleMeterRegistry(), new Tracing(OpenTelemetry.noop().getTracer("t")));
        try {
            sender.emit(WebhookEvent.message("lobby", "ann", 3, new RawJson("{\"text\":\"héllo ✓\",\"n\":1.50}")));
            await("acknowledged").atMost(Duration.ofSeconds(10)).until(() -> receiver.batches().size() == 1);
        } finally {
            sender.close();
            receiver.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        WebhookReceiver.Request request = receiver.batches().get(0);
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;

        assertTrue(verify(SECRET, request.signature(), body, now));
        assertFalse(verify("other", request.signature(), body, now));
        assertFalse(verify(SECRET, request.signature(), request.body().replace("ann", "bob").getBytes(StandardCharsets.UTF_8), now));
        assertFalse(verify(SECRET, request.signature(), body, now + 301), "older than 5 minutes");

        assertEquals("valid", node(SECRET, request.signature(), body));
        assertEquals("invalid", node("other", request.signature(), body));
        assertEquals("invalid", node(SECRET, request.signature(), request.body().replace("3", "4").getBytes(StandardCharsets.UTF_8)));
    }

    // ---- the Java check, as docs/hooks.md prints it ----
    static boolean verify(String secret, String header, byte[] rawBody, long nowSeconds) throws Exception {
        long t = -1;
        byte[] given = new byte[0];
        for (String part : header == null ? new String[0] : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                t = Long.parseLong(kv[1]);
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                given = HexFormat.of().parseHex(kv[1]);
            }
        }
        if (t < 0 || nowSeconds - t > 300) {
            return false; // missing, or older than 5 minutes: a replay
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(mac.doFinal(rawBody), given); // constant time
    }
    // ---- end ----

    private static String node(String secret, String header, byte[] body) throws Exception {
        Path file = Files.createTempFile("webhook-body", ".json");
        try {
            Files.write(file, body);
            ProcessBuilder builder = new ProcessBuilder("node", "src/test/js/verify-webhook.mjs").redirectErrorStream(true);
            builder.environment().putAll(Map.of("SECRET", secret, "HEADER", header, "BODY_FILE", file.toString()));
            Process node = builder.start();
            assertTrue(node.waitFor(20, TimeUnit.SECONDS), "node finished");
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, node.exitValue(), out);
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
