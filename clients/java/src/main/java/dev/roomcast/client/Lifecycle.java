package dev.roomcast.client;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.roomcast.client.RoomcastListener.State;

/**
 * The client's states and what moves it between them: connect, welcome, a dropped connection and whether (and
 * when) to come back, close. Reconnects go after a backoff with full jitter, or after the delay a draining server
 * named; a refusal or a disconnect by a backend ends the client instead. Used on the client's thread only.
 */
final class Lifecycle {

    private final RoomcastOptions options;
    private final RoomcastListener listener;
    private final ClientThread loop;
    private final Link link;
    private final Backoff backoff;
    private Supplier<List<String>> resumeParams = List::of;
    private Consumer<RoomcastException> disconnected = e -> {
    };
    private Consumer<RoomcastException> ended = e -> {
    };
    private volatile State state = State.CLOSED;
    private volatile String user;
    private CompletableFuture<String> connected;
    private boolean wanted;
    private int urlIndex;
    private Long reconnectAfter;

    Lifecycle(RoomcastOptions options, RoomcastListener listener, ClientThread loop, Link link) {
        this.options = options;
        this.listener = listener;
        this.loop = loop;
        this.link = link;
        this.backoff = new Backoff(options.backoffMin(), options.backoffMax());
        this.user = options.user();
    }

    /**
     * @param resumeParams query parameters for the next connect (where the inbox and the broadcasts were left)
     * @param disconnected told when a connection is gone (what was in flight on it fails with this)
     * @param ended told when the client stops for good (everything still waiting fails with this)
     */
    void hooks(Supplier<List<String>> resumeParams, Consumer<RoomcastException> disconnected,
            Consumer<RoomcastException> ended) {
        this.resumeParams = resumeParams;
        this.disconnected = disconnected;
        this.ended = ended;
    }

    State state() {
        return state;
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    String user() {
        return user;
    }

    CompletableFuture<String> connect() {
        if (wanted) {
            return connected;
        }
        wanted = true;
        connected = new CompletableFuture<>();
        setState(State.CONNECTING, 0, 0);
        open();
        return connected;
    }

    /** Closes for good: no reconnect. */
    void close() {
        wanted = false;
        link.close();
        RoomcastException closed = new RoomcastException("closed", "the client was closed");
        ended.accept(closed);
        if (connected != null) {
            connected.completeExceptionally(closed);
        }
        setState(State.CLOSED, 1000, 0);
    }

    /** {@code welcome}: the connection is usable; {@code id} is the user, kept for the next connects. */
    void welcomed(String id) {
        user = id;
        backoff.reset();
        link.welcomed();
        setState(State.OPEN, 0, 0);
        connected.complete(id);
    }

    /** {@code server_shutdown}: the 1001 close follows; come back after exactly this (the server spread them). */
    void shutdownNotice(long reconnectAfterMillis) {
        reconnectAfter = reconnectAfterMillis;
    }

    /** The current connection ended with this close code (from the link). */
    void dropped(int code, String reason) {
        Long shutdownDelay = reconnectAfter;
        reconnectAfter = null;
        disconnected.accept(new RoomcastException("disconnected", CloseCodes.reason(code)));
        if (!wanted) {
            return;
        }
        // only a fresh token may try again after 1008 or 4003; a 4004 (disconnected by a backend) always ends it,
        // and so does a refused upgrade (a bad id, a refused token): the same request would be refused again
        if (CloseCodes.isRefusal(code) || code == 4004 || (code == 1008 || code == 4003) && options.token() == null) {
            RoomcastException end = CloseCodes.isRefusal(code) ? CloseCodes.refusal(code, reason)
                    : new RoomcastException(CloseCodes.reason(code), reason);
            listener.onError(end);
            wanted = false;
            ended.accept(end);
            connected.completeExceptionally(end);
            setState(State.CLOSED, code, 0);
            return;
        }
        urlIndex++; // the next endpoint, if there are several
        long delay = shutdownDelay != null ? shutdownDelay : backoff.nextMillis();
        setState(State.RECONNECTING, code, delay);
        loop.schedule(this::open, delay, TimeUnit.MILLISECONDS);
    }

    private void open() {
        if (!wanted) {
            return;
        }
        URI uri;
        try {
            uri = URI.create(ConnectUrl.of(options, user, urlIndex, resumeParams.get()));
        } catch (RuntimeException tokenFailed) {
            listener.onError(new RoomcastException("token_failed", tokenFailed.toString()));
            dropped(1006, "no token");
            return;
        }
        link.open(uri);
    }

    private void setState(State next, int code, long delayMillis) {
        state = next;
        listener.onState(next, code, delayMillis);
    }
}
