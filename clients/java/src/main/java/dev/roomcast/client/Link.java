package dev.roomcast.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The one WebSocket of the moment, and whether it is alive: it pings when quiet and gives up on a link that has
 * been silent for {@code deadAfter} (a frozen server closes nothing). Each connection is numbered, so whatever an
 * older one still reports (a late open, frame or close) is ignored. Used on the client's thread only.
 */
final class Link {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ClientThread loop;
    private final Duration pingInterval;
    private final Duration deadAfter;
    private Consumer<String> frames = text -> {
    };
    private BiConsumer<Integer, String> drops = (code, reason) -> {
    };
    private WebSocket socket;
    private CompletableFuture<?> writes = CompletableFuture.completedFuture(null);
    private int generation;
    private long lastHeard;
    private long lastPing;
    private boolean pinging;
    private ScheduledFuture<?> watchdog;

    Link(ClientThread loop, Duration pingInterval, Duration deadAfter) {
        this.loop = loop;
        this.pingInterval = pingInterval;
        this.deadAfter = deadAfter;
    }

    /** Where the current connection's frames go, and its end (code and reason), once per connection. */
    void route(Consumer<String> frames, BiConsumer<Integer, String> drops) {
        this.frames = frames;
        this.drops = drops;
    }

    void open(URI uri) {
        int mine = ++generation;
        // The socket is taken in the listener's onOpen, which comes before any frame: the future's completion may
        // reach this thread after the welcome, and a join answering it must already have a socket to go to.
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new FrameListener(loop, ws -> opened(mine, ws), text -> frame(mine, text),
                        (code, reason) -> dropped(mine, code, reason)))
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        loop.post(() -> dropped(mine, 1006, failure.toString()));
                    }
                });
    }

    /** The server welcomed this connection: from now on it is pinged when quiet. */
    void welcomed() {
        pinging = true;
    }

    /** The JDK's WebSocket takes one send at a time: each waits for the one before. Dropped when there is no link. */
    void write(String text) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        writes = writes.handle((ok, failed) -> null).thenCompose(v -> ws.sendText(text, true));
    }

    /** Closes the current connection (1000) and forgets any still connecting: nothing of theirs is reported. */
    void close() {
        generation++;
        cancelWatchdog();
        if (socket != null) {
            socket.sendClose(1000, "closed by client");
            socket = null;
        }
    }

    private void opened(int mine, WebSocket ws) {
        if (mine != generation) {
            ws.abort(); // given up on (or closed) while it was connecting
            return;
        }
        socket = ws;
        writes = CompletableFuture.completedFuture(null);
        pinging = false;
        lastHeard = lastPing = System.nanoTime();
        watch(mine);
    }

    private void frame(int mine, String text) {
        if (mine == generation) {
            lastHeard = System.nanoTime();
            frames.accept(text);
        }
    }

    /** Pings when quiet; nothing heard for deadAfter means the link is dead. */
    private void watch(int mine) {
        cancelWatchdog();
        long tick = Math.min(1000, Math.min(pingInterval.toMillis(), deadAfter.toMillis() / 4));
        watchdog = loop.every(() -> {
            if (mine != generation || socket == null) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastHeard > deadAfter.toNanos()) {
                WebSocket dead = socket;
                dropped(mine, CloseCodes.HEARTBEAT_LOST, "no frame for " + deadAfter);
                dead.abort();
            } else if (pinging && now - lastPing >= pingInterval.toNanos()) {
                lastPing = now;
                write("{\"type\":\"ping\"}");
            }
        }, tick);
    }

    private void dropped(int mine, int code, String reason) {
        if (mine != generation) {
            return; // an older socket, already given up on
        }
        generation++;
        socket = null;
        cancelWatchdog();
        drops.accept(code, reason);
    }

    private void cancelWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
    }
}
