package dev.roomcast.support;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A well-behaved pair of clients talking through the server while something else goes on: one
 * sends a numbered message every few milliseconds, the other must receive each, in order.
 * Shows that other clients were served throughout, and how long the worst delivery took.
 */
public final class Witness implements AutoCloseable {

    private final WsClient sender;
    private final WsClient receiver;
    private final String room = unique("witness");
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong sent = new AtomicLong();
    private volatile long received;
    private volatile long worstMillis;
    private volatile long worstAt;
    private volatile Throwable failure;
    private final Thread reader;

    public Witness(URI ws, long periodMillis) {
        // Its own HTTP client: the JDK runs one selector thread per client, which a flooding test client would hog.
        HttpClient http = HttpClient.newHttpClient();
        sender = WsClient.connect(http, ws, "id=" + unique("w-send") + "&room=" + room, Map.of());
        receiver = WsClient.connect(http, ws, "id=" + unique("w-recv") + "&room=" + room, Map.of());
        sender.next("joined");
        receiver.next("joined");
        clock.scheduleAtFixedRate(() -> {
            long n = sent.get();
            sender.send("type", "message", "room", room, "content", System.currentTimeMillis() + ":" + n);
            sent.incrementAndGet();
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
        reader = new Thread(this::read, "witness-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                String[] content = receiver.next("message").get("content").asText().split(":");
                long n = Long.parseLong(content[1]);
                if (n != received) {
                    throw new AssertionError("witness message " + received + " expected, got " + n);
                }
                received = n + 1;
                long latency = System.currentTimeMillis() - Long.parseLong(content[0]);
                if (latency > worstMillis) {
                    worstMillis = latency;
                    worstAt = Long.parseLong(content[0]);
                }
            }
        } catch (Throwable e) {
            if (!Thread.currentThread().isInterrupted()) {
                failure = e;
            }
        }
    }

    /** Stops sending, waits for the last message, and reports; throws if any was lost or reordered. */
    public Report finish() throws InterruptedException {
        clock.shutdown();
        if (!clock.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the witness sender did not stop");
        }
        await("the witness's last message").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> received >= sent.get() || failure != null);
        reader.interrupt();
        if (failure != null) {
            throw new AssertionError("the witness was not served: " + failure, failure);
        }
        return new Report(sent.get(), received, worstMillis, worstAt);
    }

    /** What the witness saw; {@code worstSentAt} (epoch ms) tells which attack the worst delay overlapped. */
    public record Report(long sent, long received, long worstMillis, long worstSentAt) {
        @Override
        public String toString() {
            return String.format("sent %d, received %d, worst delay %d ms for a message sent at %tT.%<tL", sent,
                    received, worstMillis, worstSentAt);
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        reader.interrupt();
        sender.close();
        receiver.close();
    }
}
