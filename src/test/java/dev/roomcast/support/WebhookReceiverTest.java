package dev.roomcast.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The receiver the webhook tests rely on: it must refuse what a real receiver refuses, or those tests prove nothing. */
class WebhookReceiverTest {

    private static final String BODY = "[{\"id\":\"a\",\"type\":\"user_online\",\"time\":1,\"user\":\"u\"}]";

    private final WebhookReceiver receiver = new WebhookReceiver("s3cret");
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void acceptsAGoodSignatureAndRecordsTheEvents() throws Exception {
        assertEquals(200, post(WebhookReceiver.signature("s3cret", now(), BODY), BODY));
        assertEquals(List.of("a"), receiver.ids());
        assertEquals(1, receiver.eventsOfType("user_online").size());
        assertEquals(List.of(), receiver.failures());
    }

    @Test
    void refusesWrongStaleAndMissingSignatures() throws Exception {
        assertEquals(401, post(WebhookReceiver.signature("other", now(), BODY), BODY));
        assertEquals(401, post(WebhookReceiver.signature("s3cret", now() - 301, BODY), BODY));
        assertEquals(401, post(WebhookReceiver.signature("s3cret", now(), BODY), BODY.replace("u", "v")));
        assertEquals(401, post(null, BODY));
        assertEquals(4, receiver.failures().size(), receiver.failures().toString());
        assertEquals(List.of(), receiver.events());
        assertEquals(4, receiver.requests().size());
    }

    @Test
    void failsTheNextRequestsThenAcceptsAgain() throws Exception {
        receiver.failNext(2);
        String signature = WebhookReceiver.signature("s3cret", now(), BODY);
        assertEquals(500, post(signature, BODY));
        assertEquals(500, post(signature, BODY));
        assertEquals(200, post(signature, BODY));
        assertEquals(1, receiver.batches().size());
    }

    @Test
    void isDownUntilStartedAgainOnTheSamePort() throws Exception {
        receiver.stop();
        String signature = WebhookReceiver.signature("s3cret", now(), BODY);
        assertThrows(ConnectException.class, () -> post(signature, BODY));
        receiver.start();
        assertEquals(200, post(signature, BODY));
    }

    private int post(String signature, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiver.url())).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Roomcast-Signature", signature);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
