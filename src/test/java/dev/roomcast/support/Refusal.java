package dev.roomcast.support;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** An upgrade that must be refused: its HTTP status, reason code, message and auth challenge (from the headers). */
public record Refusal(int status, String code, String message, String challenge) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

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

    /** A refusal told by a close ({@code ?refusal=close}): the close code and reason, and any frame before it. */
    public record Closed(int closeCode, String reason, List<String> framesBefore) {
    }

    /** Opens an upgrade that must be completed and then closed by the server at once; fails if it is refused over HTTP. */
    public static Closed byClose(URI ws, String query, Map<String, String> headers) {
        List<String> frames = new CopyOnWriteArrayList<>();
        CompletableFuture<Closed> closed = new CompletableFuture<>();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        headers.forEach(builder::header);
        URI uri = URI.create(ws.toString().replaceFirst("^http", "ws") + (query == null ? "" : "?" + query));
        try {
            builder.buildAsync(uri, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                    frames.add(data.toString());
                    socket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                    closed.complete(new Closed(code, reason, List.copyOf(frames)));
                    return null; // the JDK answers the close
                }

                @Override
                public void onError(WebSocket socket, Throwable error) {
                    closed.completeExceptionally(error);
                }
            }).get(WsClient.WAIT_SECONDS, TimeUnit.SECONDS);
            return closed.get(WsClient.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("expected the upgrade to complete and be closed at once: " + e, e);
        }
    }

    public static Closed byClose(URI ws, String query) {
        return byClose(ws, query, Map.of());
    }
}
