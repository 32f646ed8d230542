package dev.roomcast.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A real WebSocket client for tests: the JDK's own implementation, independent of the server's
 * Vert.x, talking over the network, so it works the same against the app in test or packaged form.
 * Every wait is bounded and a failure says what was received instead.
 */
public final class WsClient implements AutoCloseable {

    /** Keeps decimals exact (1.10 stays 1.10), so content can be compared as text. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    public static final long WAIT_SECONDS = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicLong MARKERS = new AtomicLong();

    /** A frame as it arrived and as parsed. */
    public record Received(String text, JsonNode json) {
    }

    private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private final List<String> history = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean paused;
    private WebSocket socket;
    private String user;

    private JsonNode welcome;

    private WsClient() {
    }

    /** Connects to {@code endpoint?query} and waits for the welcome frame. */
    public static WsClient connect(URI endpoint, String query) {
        return connect(endpoint, query, java.util.Map.of());
    }

    /** Connects with extra upgrade-request headers (e.g. a W3C traceparent). */
    public static WsClient connect(URI endpoint, String query, java.util.Map<String, String> headers) {
        return connect(HTTP, endpoint, query, headers);
    }

    /** Connects through a given HTTP client (e.g. one that trusts a test certificate, for wss://). */
    public static WsClient connect(HttpClient http, URI endpoint, String query, java.util.Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = http.newWebSocketBuilder();
        headers.forEach(builder::header);
        client.socket = await(builder.buildAsync(uri(endpoint, query), client.listener()), "connect to " + endpoint);
        client.welcome = client.next("welcome");
        client.user = client.welcome.get("id").asText();
        return client;
    }

    /** The welcome frame this connection got. */
    public JsonNode welcome() {
        return welcome;
    }

    /** Attempts an upgrade that must be refused, and returns why it failed. */
    public static Throwable connectFailure(URI endpoint, String query) {
        return connectFailure(endpoint, query, java.util.Map.of());
    }

    /** Attempts an upgrade, with extra request headers, that must be refused, and returns why it failed. */
    public static Throwable connectFailure(URI endpoint, String query, java.util.Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        headers.forEach(builder::header);
        try {
            WebSocket ws = builder.buildAsync(uri(endpoint, query), client.listener()).get(WAIT_SECONDS, TimeUnit.SECONDS);
            ws.abort();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("upgrade neither failed nor succeeded in time", e);
        }
        throw new AssertionError("upgrade succeeded but was expected to be refused");
    }

    private static URI uri(URI endpoint, String query) {
        return URI.create(endpoint.toString().replaceFirst("^http", "ws") + (query == null ? "" : "?" + query));
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket ws) {
                ws.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received(partial.toString());
                    partial.setLength(0);
                }
                if (!paused) {
                    ws.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                received("{\"type\":\"<binary>\"}");
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
                pongs.add(StandardCharsets.UTF_8.decode(message).toString());
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
                ws.request(1); // the JDK answers with a pong by itself
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(1006);
            }
        };
    }

    private void received(String text) {
        synchronized (history) {
            history.add(text);
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (Exception e) {
            json = JSON.createObjectNode().put("type", "<unparseable>").put("text", text);
        }
        if (json.isArray()) { // a packed frame (?batch=1): its messages one by one, in order
            json.forEach(message -> inbox.add(new Received(message.toString(), message)));
        } else {
            inbox.add(new Received(text, json));
        }
    }

    /** Every frame received so far, as it arrived (a packed frame as one). */
    public List<String> frames() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** The user id the server assigned (from the welcome frame). */
    public String user() {
        return user;
    }

    public void send(String text) {
        await(socket.sendText(text, true), "send");
    }

    /** Sends a JSON object built from name/value pairs; values are written as JSON (strings quoted). */
    public void send(Object... fields) {
        ObjectNode object = JSON.createObjectNode();
        for (int i = 0; i < fields.length; i += 2) {
            object.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
        }
        send(object.toString());
    }

    /** Sends one fragment of a text message; {@code last} ends the message. */
    public void sendFragment(String text, boolean last) {
        await(socket.sendText(text, last), "send fragment");
    }

    public void sendBinary(byte[] data) {
        await(socket.sendBinary(ByteBuffer.wrap(data), true), "send binary");
    }

    /** Sends a WebSocket ping and returns the pong's payload. */
    public String ping(String payload) {
        await(socket.sendPing(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))), "send ping");
        try {
            String pong = pongs.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (pong == null) {
                fail("no pong within " + WAIT_SECONDS + " s");
            }
            return pong;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame, whatever its type. */
    public JsonNode next() {
        return nextReceived().json();
    }

    /** The next frame's exact text. */
    public String nextText() {
        return nextReceived().text();
    }

    private Received nextReceived() {
        try {
            Received message = inbox.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (message == null) {
                fail("no message within " + WAIT_SECONDS + " s; " + describe());
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame, which must be of this type. */
    public JsonNode next(String type) {
        JsonNode message = next();
        assertEquals(type, message.path("type").asText(),
                () -> "unexpected frame " + abbreviate(message.toString()) + "; " + describe());
        return message;
    }

    /** Skips frames until one of this type arrives. */
    public JsonNode skipTo(String type) {
        while (true) {
            JsonNode message = next();
            if (type.equals(message.path("type").asText())) {
                return message;
            }
        }
    }

    /**
     * Sends a ping request and waits for its pong. Replies to this connection's own earlier
     * requests have arrived by then; traffic from other connections may still be on its way
     * (use {@link #receivedBeforeMarkerFrom}).
     */
    public void sync() {
        String ref = "sync-" + MARKERS.incrementAndGet();
        send("type", "ping", "ref", ref);
        while (true) {
            JsonNode message = next();
            if ("pong".equals(message.path("type").asText()) && ref.equals(message.path("ref").asText())) {
                return;
            }
        }
    }

    /**
     * Has {@code sender} send this client a private marker and returns every frame that arrived
     * before it. One sender's frames reach a connection in order, so anything the sender caused
     * to be sent here earlier is in the list.
     */
    public List<JsonNode> receivedBeforeMarkerFrom(WsClient sender) {
        String marker = "marker-" + MARKERS.incrementAndGet();
        sender.send("type", "private", "to", user, "content", marker);
        List<JsonNode> before = new ArrayList<>();
        while (true) {
            JsonNode message = next();
            boolean isMarker = "private".equals(message.path("type").asText())
                    && message.path("content").asText().startsWith("marker-");
            if (isMarker && marker.equals(message.path("content").asText())) {
                return before;
            }
            if (!isMarker) { // another connection of this user may have asked for a marker too
                before.add(message);
            }
        }
    }

    /** Frames up to and including the next one of this type. */
    public List<JsonNode> receivedUntil(String type) {
        List<JsonNode> frames = new ArrayList<>();
        JsonNode frame;
        do {
            frame = next();
            frames.add(frame);
        } while (!type.equals(frame.get("type").asText()));
        return frames;
    }

    /** Frames received and not yet taken. */
    public List<JsonNode> drain() {
        List<Received> out = new ArrayList<>();
        inbox.drainTo(out);
        return out.stream().map(Received::json).toList();
    }

    /** Waits until the server closes the connection and returns the close code. */
    public int awaitClose() {
        return await(closed, "close");
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Stops reading from the network, as a slow client would. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        socket.request(Long.MAX_VALUE);
    }

    @Override
    public void close() {
        close(WebSocket.NORMAL_CLOSURE);
    }

    /** Closes with this code (a test can then tell its close from others in the metrics: 4xxx counts as "other"). */
    public void close(int code) {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(code, "").orTimeout(WAIT_SECONDS, TimeUnit.SECONDS)
                    .whenComplete((ws, error) -> socket.abort());
        }
    }

    private String describe() {
        synchronized (history) {
            int from = Math.max(0, history.size() - 5);
            List<String> last = history.subList(from, history.size()).stream().map(WsClient::abbreviate).toList();
            return "user " + user + " received " + history.size() + " frames, last: " + last
                    + (closed.isDone() ? ", closed with " + closed.join() : "");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "...(" + text.length() + " chars)" : text;
    }

    private static <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + WAIT_SECONDS + " s");
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
