package dev.roomcast.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real hook backend for tests: the JDK's HTTP server on a free loopback port, one path per hook
 * ({@link #url}), answering as each hook's script says (allow, deny, rewrite, delay, hold, 500...), and recording
 * every call with its body, whether its {@code X-Roomcast-Signature} checks out with the secret, and its
 * {@code traceparent}. Each call is answered on its own thread, so a slow answer does not hold up the others.
 */
public final class HookBackend implements AutoCloseable {

    /** One recorded call. */
    public record Call(String hook, JsonNode body, String rawBody, boolean signed, String signature, String traceparent,
            int clientPort) {
    }

    /** What to answer: a status and body after a delay; {@code hold} (may be null) is awaited first. */
    public record Answer(int status, String body, Duration delay, CountDownLatch hold) {

        public static Answer allow() {
            return json("{\"allow\":true}");
        }

        public static Answer deny(String code, String message) {
            return json("{\"allow\":false,\"code\":" + quote(code) + ",\"message\":" + quote(message) + "}");
        }

        /** {@code {"allow": true, <fields>}}, e.g. {@code "content": ..., "meta": ...} or {@code "rooms": [...]}. */
        public static Answer allowWith(String fields) {
            return json("{\"allow\":true," + fields + "}");
        }

        public static Answer json(String body) {
            return new Answer(200, body, Duration.ZERO, null);
        }

        public static Answer status(int status) {
            return new Answer(status, "{\"error\":\"backend broke\"}", Duration.ZERO, null);
        }

        public Answer after(Duration delay) {
            return new Answer(status, body, delay, hold);
        }

        /** Answers only once {@code latch} is released (the test decides when). */
        public Answer heldBy(CountDownLatch latch) {
            return new Answer(status, body, delay, latch);
        }

        private static String quote(String text) {
            return text == null ? "null" : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    private final String secret;
    private final boolean recording;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Function<JsonNode, Answer>> scripts = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final java.util.Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    private HookBackend(String secret, boolean recording) throws IOException {
        this.secret = secret;
        this.recording = recording;
        // Without it the JDK server's separate header and body writes meet the client's delayed ACK: ~40 ms a call
        // (read once, when the JVM's first HttpServer starts).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.createContext("/hooks/", this::handle);
        server.setExecutor(threads);
        server.start();
        reset();
    }

    public static HookBackend start(String secret) throws IOException {
        return new HookBackend(secret, true);
    }

    /** {@code recording=false}: calls are answered (allow, unless scripted) but not kept, for load runs. */
    public static HookBackend start(String secret, boolean recording) throws IOException {
        return new HookBackend(secret, recording);
    }

    /** Where the backend takes {@code hook} calls ({@code connect}, {@code join}, {@code publish}). */
    public String url(String hook) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + hook;
    }

    /** A URL where nothing listens: a backend that is down. */
    public static String downUrl() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + probe.getLocalPort() + "/hooks/down";
        }
    }

    /** Every hook allows, nothing recorded. */
    public void reset() {
        scripts.clear();
        calls.clear();
    }

    public void answer(String hook, Answer answer) {
        scripts.put(hook, body -> answer);
    }

    public void answer(String hook, Function<JsonNode, Answer> script) {
        scripts.put(hook, script);
    }

    /** The client port of every connection a call ever came on (not forgotten by {@link #reset}). */
    public java.util.Set<Integer> clientPorts() {
        return java.util.Set.copyOf(clientPorts);
    }

    public List<Call> calls(String hook) {
        return calls.stream().filter(c -> c.hook().equals(hook)).toList();
    }

    /** Waits (bounded) for a call to {@code hook} that matches; the failure lists the calls that came. */
    public Call awaitCall(String hook, Predicate<Call> match) {
        try {
            return org.awaitility.Awaitility.await("a " + hook + " call").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> calls(hook).stream().filter(match).findFirst(), java.util.Optional::isPresent).get();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no matching " + hook + " call; calls: " + calls, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String hook = exchange.getRequestURI().getPath().substring("/hooks/".length());
            byte[] raw = in.readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("X-Roomcast-Signature");
            JsonNode body = WsClient.JSON.readTree(raw);
            clientPorts.add(exchange.getRemoteAddress().getPort());
            if (recording) {
                calls.add(new Call(hook, body, new String(raw, StandardCharsets.UTF_8), verifies(signature, raw), signature,
                        exchange.getRequestHeaders().getFirst("traceparent"), exchange.getRemoteAddress().getPort()));
            }
            Answer answer = scripts.getOrDefault(hook, b -> Answer.allow()).apply(body);
            if (answer.hold() != null && !answer.hold().await(30, TimeUnit.SECONDS)) {
                throw new IOException("the test never released the held answer");
            }
            if (!answer.delay().isZero()) {
                Thread.sleep(answer.delay().toMillis()); // the backend being slow is what is tested
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the caller gave up (its timeout) and reset the connection: nothing to answer
        }
    }

    /** {@code t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, with t within five minutes of now. */
    private boolean verifies(String header, byte[] body) {
        if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
            return false;
        }
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body)).equals(v1);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
