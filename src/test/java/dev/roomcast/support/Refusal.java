package dev.roomcast.support;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;

/** An upgrade that must be refused: its HTTP status, reason code, message and auth challenge (from the headers). */
public record Refusal(int status, String code, String message, String challenge) {

    public static Refusal of(URI ws, String query, Map<String, String> headers) {
        Throwable failure = WsClient.connectFailure(ws, query, headers);
        HttpResponse<?> response = assertInstanceOf(WebSocketHandshakeException.class, failure, failure.toString())
                .getResponse();
        return new Refusal(response.statusCode(), response.headers().firstValue("X-Roomcast-Error").orElse(""),
                response.headers().firstValue("X-Roomcast-Error-Message").orElse(""),
                response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    public static Refusal of(URI ws, String query) {
        return of(ws, query, Map.of());
    }
}
