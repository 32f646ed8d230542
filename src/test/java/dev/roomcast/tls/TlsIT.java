package dev.roomcast.tls;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.TlsTestResource;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * wss:// with a certificate generated for the run: traffic flows, and a client that does not trust
 * it is stopped. Only against the packaged app, in its own JVM: in the shared @QuarkusTest JVM the
 * HTTP metrics of earlier restarts clash with those of a second (HTTPS) server.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = TlsTestResource.class, restrictToAnnotatedClass = true)
public class TlsIT {

    private final URI wss = URI.create("https://localhost:" + TlsTestResource.httpsPort + "/ws");

    @Test
    void roomTrafficFlowsOverWss() {
        HttpClient trusting = HttpClient.newBuilder().sslContext(TlsTestResource.certificate.trustingContext()).build();
        String room = unique("secure");
        try (WsClient a = WsClient.connect(trusting, wss, "id=" + unique("a") + "&room=" + room, Map.of());
                WsClient b = WsClient.connect(trusting, wss, "id=" + unique("b") + "&room=" + room, Map.of())) {
            a.next("joined");
            b.next("joined");
            a.send("type", "message", "room", room, "content", "over TLS");
            assertEquals("over TLS", b.next("message").get("content").asText());
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateCannotConnect() {
        AssertionError refused = assertThrows(AssertionError.class,
                () -> WsClient.connect(HttpClient.newHttpClient(), wss, "id=" + unique("c"), Map.of()).close());
        Throwable cause = refused.getCause();
        while (cause != null && !(cause instanceof SSLHandshakeException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(SSLHandshakeException.class, cause, refused.toString());
    }
}
