package dev.roomcast.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real webhook receiver on a free loopback port, as a customer's backend would be: it checks each request's
 * {@code X-Roomcast-Signature} (HMAC-SHA256 of {@code "<t>.<body>"}, timestamps older than {@link #MAX_AGE}
 * refused), parses the JSON array and records it. What it answers can be changed while it runs: 200 (the
 * default), 500 for the next N requests, a delay before answering, or down (stopped; {@link #start} brings it back
 * on the same port). A request with a bad signature is answered 401, a body that is not a JSON array 400, each
 * recorded in {@link #failures}.
 * Only batches answered 2xx count in {@link #batches} and {@link #events}; {@link #requests} has every request.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** Signatures older than this are refused, as the docs tell receivers to do. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One HTTP request as it arrived: its headers that matter, body, parsed events and what it was answered. */
    public record Request(long receivedAtMillis, String signature, String contentType, String traceparent, String body,
            List<JsonNode> events, int status) {

        public List<String> ids() {
            return events.stream().map(e -> e.path("id").asText()).toList();
        }
    }

    private final String secret;
    private final int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Request> batches = new CopyOnWriteArrayList<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicLong delayMillis = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private HttpServer server;
    private ExecutorService threads;

    /** Starts at once on a free loopback port. */
    public WebhookReceiver(String secret) {
        this.secret = secret;
        this.port = Ports.free();
        start();
    }

    /** Where the sender posts: {@code roomcast.webhooks.url}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    public String secret() {
        return secret;
    }

    /** Listens again (on the same port) after {@link #stop}; the recordings are kept. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("webhook receiver could not listen on port " + port, e);
        }
        threads = Executors.newFixedThreadPool(8); // several lanes post at once, and "slow" must not serialise them
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Down: connections are refused until {@link #start}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            server = null;
        }
    }

    /** Answer 200 to everything from now on (the default): no failures pending, no delay. */
    public void answerOk() {
        failNext.set(0);
        delayMillis.set(0);
    }

    /** Answer the next {@code n} requests with 500 (after any delay), then 200 again. */
    public void failNext(int n) {
        failNext.set(n);
    }

    /** Wait this long before answering each request. */
    public void slow(Duration delay) {
        delayMillis.set(delay.toMillis());
    }

    /** Every request received, answered or not, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The batches answered 2xx, in arrival order. */
    public List<Request> batches() {
        return List.copyOf(batches);
    }

    /** The events of every batch answered 2xx, in arrival order (duplicates included, as at-least-once sends them). */
    public List<JsonNode> events() {
        return List.copyOf(events);
    }

    public List<JsonNode> eventsOfType(String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    /** Ids of the acknowledged events, duplicates included. */
    public List<String> ids() {
        return events.stream().map(e -> e.path("id").asText()).toList();
    }

    /** Why requests were refused: missing, malformed, stale or wrong signatures, bodies not a JSON array. Empty when all were good. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** The most requests this receiver was handling at one moment (with {@link #slow}, how many the sender overlaps). */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    /** Forgets everything recorded (not the mode). */
    public void clear() {
        requests.clear();
        mostInFlight.set(0);
        batches.clear();
        events.clear();
        failures.clear();
    }

    @Override
    public void close() {
        stop();
    }

    /** The header value a sender with this secret would send for {@code body} at {@code unixSeconds}. */
    public static String signature(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    /**
     * Null when {@code header} is a good signature of {@code body} made within {@link #MAX_AGE} of now, else why not.
     * The same steps the docs give receivers.
     */
    public static String verify(String secret, String header, String body, long nowSeconds) {
        if (header == null) {
            return "no X-Roomcast-Signature";
        }
        Map<String, String> parts = new java.util.HashMap<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        long t;
        try {
            t = Long.parseLong(parts.getOrDefault("t", ""));
        } catch (NumberFormatException e) {
            return "no timestamp in '" + header + "'";
        }
        if (nowSeconds - t > MAX_AGE.toSeconds()) {
            return "timestamp " + t + " is " + (nowSeconds - t) + " s old";
        }
        String expected = hmac(secret, t + "." + body);
        String given = parts.getOrDefault("v1", "");
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))
                ? null : "wrong v1 in '" + header + "'";
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        int status;
        try {
            status = answer(exchange);
        } finally {
            inFlight.decrementAndGet(); // before answering: the sender may post again the moment it has the answer
        }
        try (exchange) {
            exchange.sendResponseHeaders(status, -1);
        }
    }

    /** Reads, checks and records the request; returns the status to answer. */
    private int answer(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long delay = delayMillis.get();
        if (delay > 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(delay); // the receiver's own thread: this is the "slow" mode
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 503;
            }
        }
        String signature = exchange.getRequestHeaders().getFirst("X-Roomcast-Signature");
        String failure = verify(secret, signature, body, System.currentTimeMillis() / 1000);
        List<JsonNode> parsed = List.of();
        int status;
        if (failure != null) {
            failures.add(failure);
            status = 401;
        } else if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 500;
        } else {
            status = 200;
        }
        try {
            JsonNode array = JSON.readTree(body);
            if (array.isArray()) {
                List<JsonNode> each = new java.util.ArrayList<>();
                array.elements().forEachRemaining(each::add);
                parsed = List.copyOf(each);
            } else {
                failures.add("body is not a JSON array: " + body);
                status = 400;
            }
        } catch (IOException e) {
            failures.add("body is not JSON: " + body);
            status = 400;
        }
        Request request = new Request(System.currentTimeMillis(), signature,
                exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("traceparent"),
                body, parsed, status);
        if (status == 200) {
            batches.add(request); // recorded before the answer, so a test that saw the ack sees the events
            events.addAll(parsed);
        }
        requests.add(request);
        return status;
    }
}
