package dev.roomcast.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.roomcast.client.RoomcastListener.DirectMessage;
import dev.roomcast.client.RoomcastListener.Presence;
import dev.roomcast.client.RoomcastListener.RoomMessage;
import dev.roomcast.client.RoomcastListener.State;

/**
 * A Roomcast client for JVM services and tests, on the JDK's WebSocket client: it reconnects with backoff
 * (full jitter), honours {@code server_shutdown}, re-joins its rooms with {@code since}, resends room messages
 * not yet accepted with their original id, and pings and gives up on a silent link. Everything runs on one
 * thread of its own; the futures complete there. Example in docs/clients.md.
 */
public final class RoomcastClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RoomcastOptions options;
    private final RoomcastListener listener;
    private final HttpClient http;
    private final ClientThread loop = new ClientThread();
    private final Backoff backoff;
    private final Map<String, ClientRoom> rooms = new LinkedHashMap<>();
    private final Replies replies = new Replies();
    private final UnsentMessages unsent;
    private volatile State state = State.CLOSED;
    private volatile String user;
    private CompletableFuture<String> connected;
    private boolean wanted;
    private WebSocket socket;
    private CompletableFuture<?> writes = CompletableFuture.completedFuture(null);
    private int generation;
    private int urlIndex;
    private long lastHeard;
    private long lastPing;
    private Long reconnectAfter;
    private ScheduledFuture<?> watchdog;
    private final SendRate sendRate;
    /** A room message's frame beyond its room and content: type, ref and id. */
    private static final int FRAME_OVERHEAD = 96;
    private boolean pumpScheduled;

    RoomcastClient(RoomcastOptions options) {
        this.options = options;
        this.listener = new SafeListener(options.listener());
        this.http = HttpClient.newHttpClient();
        this.backoff = new Backoff(options.backoffMin(), options.backoffMax());
        this.unsent = new UnsentMessages(options.maxUnsent());
        this.sendRate = new SendRate(options.sendsPerSecond(), options.sendBurst(), options.sendBytesPerSecond(),
                options.sendByteBurst());
        this.user = options.user();
    }

    public static RoomcastOptions.Builder builder(String... urls) {
        return new RoomcastOptions.Builder(List.of(urls));
    }

    public State state() {
        return state;
    }

    /** The user id the server gave (after the first welcome). */
    public String user() {
        return user;
    }

    /** Connects and keeps reconnecting until {@link #close()}; completes with the user id at the first welcome. */
    public CompletableFuture<String> connect() {
        return loop.call(() -> {
            if (wanted) {
                return connected;
            }
            wanted = true;
            connected = new CompletableFuture<>();
            setState(State.CONNECTING, 0, 0);
            open();
            return connected;
        });
    }

    /** Joins; completes with the room's presence at {@code joined}. The room is re-joined after every reconnect. */
    public CompletableFuture<Presence> join(String room) {
        return loop.call(() -> {
            ClientRoom joining = rooms.computeIfAbsent(room, ClientRoom::new);
            if (state == State.OPEN && !joining.joined && !joining.joinInFlight) {
                sendJoin(joining);
            }
            return joining.firstJoin;
        });
    }

    /** Leaves; the room is not re-joined. Messages to it not yet accepted fail with not_member. */
    public CompletableFuture<Void> leave(String room) {
        return loop.call(() -> {
            ClientRoom left = rooms.remove(room);
            RoomcastException gone = new RoomcastException("not_member", "left " + room);
            unsent.failRoom(room, gone);
            if (left != null) {
                left.firstJoin.completeExceptionally(gone);
            }
            return state == State.OPEN ? request(object("leave").put("room", room)).thenApply(r -> (Void) null)
                    : CompletableFuture.completedFuture((Void) null);
        });
    }

    /**
     * Sends a room message; completes with its offset once it is in the room's history (null with history off).
     * Until then it is kept, across reconnects, and resent with the same id, so it is published once.
     */
    public CompletableFuture<Long> send(String room, Object content) {
        return loop.call(() -> {
            if (!rooms.containsKey(room)) {
                return CompletableFuture.failedFuture(new RoomcastException("not_member", "join " + room + " first"));
            }
            UnsentMessages.Unsent message = unsent.add(room, JSON.valueToTree(content));
            pump();
            return message == null
                    ? CompletableFuture.failedFuture(new RoomcastException("queue_full", options.maxUnsent() + " waiting already"))
                    : message.result;
        });
    }

    /** A private message; fails with unknown_user when nobody by that id is connected. */
    public CompletableFuture<Void> privateMessage(String to, Object content) {
        return confirmed(object("private").put("to", to).set("content", JSON.valueToTree(content)));
    }

    public CompletableFuture<Void> broadcast(Object content) {
        return confirmed(object("broadcast").set("content", JSON.valueToTree(content)));
    }

    /** Closes for good: no reconnect; waiting futures fail with {@code closed}. */
    @Override
    public void close() {
        loop.call(() -> {
            wanted = false;
            cancelWatchdog();
            if (socket != null) {
                socket.sendClose(1000, "closed by client");
                socket = null;
            }
            giveUp(new RoomcastException("closed", "the client was closed"));
            setState(State.CLOSED, 1000, 0);
            loop.endAfter(11); // a handshake still under way (10 s connect timeout) gets aborted when it completes
            return null;
        });
    }

    /** Settles everything still waiting: requests, unsent messages, joins not yet answered, connect(). */
    private void giveUp(RoomcastException error) {
        replies.failAll(error);
        unsent.failAll(error);
        rooms.values().forEach(r -> r.firstJoin.completeExceptionally(error));
        if (connected != null) {
            connected.completeExceptionally(error);
        }
    }

    // ---- connection ---------------------------------------------------------------------------------------

    private void open() {
        if (!wanted) {
            return;
        }
        int mine = ++generation;
        URI uri;
        try {
            uri = URI.create(ConnectUrl.of(options, user, urlIndex));
        } catch (RuntimeException tokenFailed) {
            listener.onError(new RoomcastException("token_failed", tokenFailed.toString()));
            dropped(mine, 1006, "no token");
            return;
        }
        // The socket is taken in the listener's onOpen, which comes before any frame: the future's completion may
        // reach this thread after the welcome, and a join answering it must already have a socket to go to.
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new FrameListener(loop, ws -> opened(mine, ws), text -> frame(mine, text),
                (code, reason) -> dropped(mine, code, reason)))
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        loop.post(() -> dropped(mine, 1006, failure.toString()));
                    }
                });
    }

    private void opened(int mine, WebSocket ws) {
        if (mine != generation || !wanted) {
            ws.abort(); // given up on (or closed) while it was connecting
            return;
        }
        socket = ws;
        writes = CompletableFuture.completedFuture(null);
        lastHeard = lastPing = System.nanoTime();
        watch(mine);
    }

    /** Pings when quiet; nothing heard for deadAfter means the link is dead (a frozen server closes nothing). */
    private void watch(int mine) {
        cancelWatchdog();
        long tick = Math.min(1000, Math.min(options.pingInterval().toMillis(), options.deadAfter().toMillis() / 4));
        watchdog = loop.every(() -> {
            if (mine != generation || socket == null) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastHeard > options.deadAfter().toNanos()) {
                WebSocket dead = socket;
                dropped(mine, 4000, "no frame for " + options.deadAfter());
                dead.abort();
            } else if (state == State.OPEN && now - lastPing >= options.pingInterval().toNanos()) {
                lastPing = now;
                writeText(object("ping").toString());
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
        Long shutdownDelay = reconnectAfter;
        reconnectAfter = null;
        replies.failAll(new RoomcastException("disconnected", CloseCodes.reason(code)));
        rooms.values().forEach(r -> {
            r.joined = false;
            r.joinInFlight = false;
        });
        unsent.unwritten(); // written to a connection that is gone: they go again, with their ids, after the re-join
        if (!wanted) {
            return;
        }
        // only a fresh token may try again after 1008 or 4003; a 4004 (disconnected by a backend) always ends it,
        // and so does a refused upgrade (a bad id, a refused token): the same request would be refused again
        if (CloseCodes.isRefusal(code) || code == 4004 || (code == 1008 || code == 4003) && options.token() == null) {
            RoomcastException ended = CloseCodes.isRefusal(code) ? CloseCodes.refusal(code, reason)
                    : new RoomcastException(CloseCodes.reason(code), reason);
            listener.onError(ended);
            wanted = false;
            giveUp(ended);
            setState(State.CLOSED, code, 0);
            return;
        }
        urlIndex++; // the next endpoint, if there are several
        long delay = shutdownDelay != null ? shutdownDelay : backoff.nextMillis(); // the server spreads its delays
        setState(State.RECONNECTING, code, delay);
        loop.schedule(this::open, delay, TimeUnit.MILLISECONDS);
    }

    // ---- frames -------------------------------------------------------------------------------------------

    private void frame(int mine, String text) {
        if (mine != generation) {
            return;
        }
        lastHeard = System.nanoTime();
        JsonNode parsed;
        try {
            parsed = JSON.readTree(text);
        } catch (Exception e) {
            listener.onError(new RoomcastException("malformed_frame", text.length() > 200 ? text.substring(0, 200) : text));
            return;
        }
        if (parsed.isArray()) {
            parsed.forEach(this::handle); // a batched frame
        } else {
            handle(parsed);
        }
    }

    private void handle(JsonNode m) {
        String room = m.path("room").asText(null);
        switch (m.path("type").asText()) {
            case "welcome" -> {
                user = m.get("id").asText();
                backoff.reset();
                setState(State.OPEN, 0, 0);
                connected.complete(user);
                rooms.values().stream().filter(r -> !r.joined && !r.joinInFlight).toList().forEach(this::sendJoin);
            }
            case "joined" -> joined(m);
            case "message" -> {
                ClientRoom in = rooms.get(room);
                Long offset = m.has("offset") ? m.get("offset").asLong() : null;
                if (in == null || in.take(offset)) {
                    listener.onMessage(new RoomMessage(room, m.path("from").asText(), m.get("content"),
                            m.path("ts").asLong(), offset));
                }
            }
            case "accepted" -> replies.settle(m);
            case "user_joined" -> presence(room, r -> r.change(List.of(m.get("user").asText()), List.of()));
            case "user_left" -> presence(room, r -> r.change(List.of(), List.of(m.get("user").asText())));
            case "presence_diff" -> presence(room, r -> r.diff(m));
            case "private" -> listener.onPrivate(new DirectMessage(m.path("from").asText(), m.get("content"), m.path("ts").asLong()));
            case "broadcast" -> listener.onBroadcast(new DirectMessage(m.path("from").asText(), m.get("content"), m.path("ts").asLong()));
            case "server_shutdown" -> reconnectAfter = m.path("reconnect_after_ms").asLong(0); // the 1001 close follows
            case "error" -> error(m);
            default -> replies.settle(m); // pong, left, members
        }
    }

    private void joined(JsonNode m) {
        replies.settle(m);
        ClientRoom room = rooms.get(m.path("room").asText());
        if (room == null) {
            return;
        }
        Long since = room.sinceOffset;
        String sinceEpoch = room.sinceEpoch;
        Presence change = room.joined(m);
        room.sinceOffset = null;
        if (since != null) {
            Long missed = m.has("offset") && m.get("epoch").asText().equals(sinceEpoch) ? m.get("offset").asLong() - since : null;
            listener.onResumed(room.name, m.path("recovered").asBoolean(false), missed);
        }
        listener.onPresence(change);
        room.firstJoin.complete(change);
        pump(); // what waits for this room goes (again, with its id)
    }

    private void presence(String name, java.util.function.Function<ClientRoom, Presence> change) {
        ClientRoom room = rooms.get(name);
        if (room != null) {
            listener.onPresence(change.apply(room));
        }
    }

    private void error(JsonNode m) {
        RoomcastException error = new RoomcastException(m.path("code").asText(), m.path("message").asText(null));
        if (!replies.fail(m, error)) {
            listener.onError(error);
        }
    }

    // ---- requests -----------------------------------------------------------------------------------------

    private void sendJoin(ClientRoom room) {
        ObjectNode join = object("join").put("room", room.name);
        room.joinInFlight = true;
        room.sinceOffset = room.offset != null && room.epoch != null ? room.offset : null;
        room.sinceEpoch = room.sinceOffset != null ? room.epoch : null;
        if (room.sinceOffset != null) {
            join.putObject("since").put("offset", room.offset).put("epoch", room.epoch);
        }
        request(join).whenComplete((reply, failure) -> {
            room.joinInFlight = false;
            if (failure instanceof RoomcastException refused && !refused.code().equals("disconnected")
                    && !refused.code().equals("closed")) {
                rooms.remove(room.name);
                unsent.failRoom(room.name, refused); // what waited to be sent there fails with the join's error
                if (!room.firstJoin.completeExceptionally(refused)) {
                    listener.onError(refused); // joined before, and not again after a reconnect
                }
            }
        });
    }

    /** Writes unsent messages of joined rooms, in order, no faster than the send rate. */
    private void pump() {
        if (state != State.OPEN) {
            return;
        }
        for (UnsentMessages.Unsent message : unsent.unwrittenInOrder()) {
            ClientRoom room = rooms.get(message.room);
            if (room == null || !room.joined) {
                continue;
            }
            long waitNanos = sendRate.waitNanos(message.room.length() + message.content.toString().length() + FRAME_OVERHEAD);
            if (waitNanos > 0) {
                if (!pumpScheduled) {
                    pumpScheduled = true;
                    loop.schedule(() -> {
                        pumpScheduled = false;
                        pump();
                    }, waitNanos, TimeUnit.NANOSECONDS);
                }
                return;
            }
            write(message);
        }
    }

    private void write(UnsentMessages.Unsent message) {
        message.written = true;
        CompletableFuture<JsonNode> accepted = new CompletableFuture<>();
        String ref = replies.expect("m", accepted);
        accepted.whenComplete((reply, failure) -> unsent.settle(message, reply, failure));
        ObjectNode frame = object("message").put("room", message.room).put("id", message.id).put("ref", ref);
        frame.set("content", message.content);
        writeText(frame.toString());
    }

    private CompletableFuture<JsonNode> request(ObjectNode request) {
        if (state != State.OPEN) {
            return CompletableFuture.failedFuture(new RoomcastException("disconnected", "not connected"));
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        String ref = replies.expect("r", reply);
        writeText(request.put("ref", ref).toString());
        return reply;
    }

    /** Private and broadcast have no reply on success: a ping right behind them does (replies come in order). */
    private CompletableFuture<Void> confirmed(ObjectNode request) {
        return loop.call(() -> {
            if (state != State.OPEN) {
                return CompletableFuture.failedFuture(new RoomcastException("disconnected", "not connected"));
            }
            CompletableFuture<JsonNode> outcome = new CompletableFuture<>();
            String ref = replies.expect("c", outcome);
            writeText(request.put("ref", ref).toString());
            CompletableFuture<JsonNode> pong = request(object("ping"));
            return CompletableFuture.anyOf(outcome, pong).whenCompleteAsync((done, failure) -> replies.forget(ref), loop.executor())
                    .thenApply(done -> (Void) null);
        });
    }

    /** The JDK's WebSocket takes one send at a time: each waits for the one before. */
    private void writeText(String text) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        writes = writes.handle((ok, failed) -> null).thenCompose(v -> ws.sendText(text, true));
    }

    private void cancelWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
    }

    private void setState(State next, int code, long delayMillis) {
        state = next;
        listener.onState(next, code, delayMillis);
    }

    private static ObjectNode object(String type) {
        return JSON.createObjectNode().put("type", type);
    }
}
