package dev.roomcast.support;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;

/** An upgrade that must be refused: its HTTP status and headers. */
public record Refusal(int status, String error, String challenge) {

    public static Refusal of(URI ws, String query, Map<String, String> headers) {
        try (WsClient unexpected = WsClient.connect(ws, query, headers)) {
            throw new IllegalStateException("the upgrade should have been refused, but got " + unexpected.user());
        } catch (AssertionError e) {
            HttpResponse<?> response = assertInstanceOf(WebSocketHandshakeException.class, e.getCause(), e.toString())
                    .getResponse();
            return new Refusal(response.statusCode(), response.headers().firstValue("X-Roomcast-Error").orElse(null),
                    response.headers().firstValue("WWW-Authenticate").orElse(null));
        }
    }
}
