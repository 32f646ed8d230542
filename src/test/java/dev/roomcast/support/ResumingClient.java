package dev.roomcast.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client that does what the protocol asks of a reliable one, for tests of failure and restarts: one room,
 * reconnects (after {@code reconnect_after_ms} when told, else shortly) to whichever instance the supplier
 * names, resumes the room with {@code since} and its inbox and the broadcasts with {@code inbox_since} and
 * {@code broadcast_since}, and resends every message, private and broadcast not yet {@code accepted} with its
 * original {@code id}. It records what it received and what was accepted; it never asserts itself.
 */
public final class ResumingClient implements AutoCloseable {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final String user;
    private final String room;
    private final Supplier<URI> instances;

    // Guarded by this.
    private WebSocket socket;
    private boolean live; // joined, so sends go out now
    private boolean closed;
    private long offset = -1;
    private String epoch;
    private long reconnectAfterMs = 200;
    private final StringBuilder partial = new StringBuilder();
    private final List<Integer> received = new ArrayList<>();
    private final List<String> anomalies = new ArrayList<>();
    private final Map<Integer, String> unaccepted = new TreeMap<>(); // seq → id
    private final List<Integer> accepted = new ArrayList<>();
    private int connects;
    private int resent;
    /** Per session: the joined frame's offset and recovered, and how many messages came; for diagnosis. */
    private final List<String> sessions = new ArrayList<>();
    private int sessionMessages;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    /** The inbox and the broadcast stream: where this client stands in each, and what came from them. */
    private final Stream inbox = new Stream("inbox");
    private final Stream broadcasts = new Stream("broadcasts");
    private final Map<Integer, String> unacceptedPrivates = new TreeMap<>(); // seq → to
    private final Map<Integer, Long> acceptedPrivates = new TreeMap<>(); // seq → offset in the recipient's inbox
    private final List<Integer> unacceptedBroadcasts = new ArrayList<>();
    private final Map<Integer, Long> acceptedBroadcasts = new TreeMap<>(); // seq → offset in the broadcast stream
    /** Disconnected on purpose (see {@link #goAway}): no reconnect until {@link #comeBack}. */
    private boolean away;

    /** One stream's position, and the integer contents received from it with their senders. */
    private final class Stream {
        final String name;
        long offset = -1;
        String epoch;
        final List<String> received = new ArrayList<>(); // "from:content"

        Stream(String name) {
            this.name = name;
        }

        /** Its state in a welcome or resumed frame; absent or without an epoch: keep the old position. */
        void at(JsonNode state) {
            if (state == null || state.isMissingNode()) {
                return;
            }
            if (state.has("recovered") && !state.get("recovered").asBoolean()) {
                anomalies.add(name + " recovered false: " + state);
            }
            if (state.has("epoch")) {
                if (epoch == null || !epoch.equals(state.get("epoch").asText())) {
                    offset = state.get("offset").asLong();
                }
                epoch = state.get("epoch").asText();
            }
        }

        void got(JsonNode frame) {
            long at = frame.get("offset").asLong();
            if (epoch != null && at != offset + 1) {
                anomalies.add(name + " offset " + at + " after " + offset);
            }
            offset = Math.max(offset, at);
            received.add(frame.get("from").asText() + ":" + frame.get("content").asInt());
        }

        String since(String parameter) {
            return epoch == null ? "" : "&" + parameter + "=" + offset + ":" + epoch;
        }
    }

    public ResumingClient(String user, String room, Supplier<URI> instances) {
        this.user = user;
        this.room = room;
        this.instances = instances;
        connect();
    }

    /** Publishes {@code seq} (content and ref) with id {@code user-seq}; resent until accepted. */
    public synchronized void publish(int seq) {
        unaccepted.put(seq, user + "-" + seq);
        if (live) {
            send(seq);
        }
    }

    public synchronized List<Integer> received() {
        return List.copyOf(received);
    }

    public synchronized List<Integer> accepted() {
        return List.copyOf(accepted);
    }

    public synchronized int unacceptedCount() {
        return unaccepted.size();
    }

    /** Offsets out of sequence, {@code recovered: false}, errors: anything a reliable client would have to report. */
    public synchronized List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    /** Whether it has joined its room (and not dropped since). */
    public synchronized boolean live() {
        return live;
    }

    /** Messages sent again after a reconnect because their {@code accepted} had not come. */
    public synchronized int resent() {
        return resent;
    }

    public synchronized int connects() {
        return connects;
    }

    /** Sends {@code seq} privately to {@code to} (id {@code user-p-seq}); resent until accepted. */
    public synchronized void sendPrivate(String to, int seq) {
        unacceptedPrivates.put(seq, to);
        if (live) {
            sendPrivate(seq);
        }
    }

    /** Broadcasts {@code seq} (id {@code user-b-seq}); resent until accepted. */
    public synchronized void broadcast(int seq) {
        unacceptedBroadcasts.add(seq);
        if (live) {
            sendBroadcast(seq);
        }
    }

    /** The privates received, as "from:content", in arrival order. */
    public synchronized List<String> privates() {
        return List.copyOf(inbox.received);
    }

    /** The broadcasts received, as "from:content", in arrival order. */
    public synchronized List<String> broadcasts() {
        return List.copyOf(broadcasts.received);
    }

    /** The privates this client sent that were accepted, in the order of their offsets in the recipient's inbox. */
    public synchronized List<Integer> acceptedPrivates() {
        return acceptedPrivates.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }

    /**
     * The broadcasts this client sent that were accepted, in the order of their offsets in the stream (not of their
     * {@code accepted}: one resent after a reconnect is answered with its first offset, after later ones).
     */
    public synchronized List<Integer> acceptedBroadcasts() {
        return acceptedBroadcasts.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }

    public synchronized int unacceptedElsewhere() {
        return unacceptedPrivates.size() + unacceptedBroadcasts.size();
    }

    public String user() {
        return user;
    }

    /** Disconnects and stays away (a user who went offline) until {@link #comeBack}. */
    public void goAway() {
        WebSocket open;
        synchronized (this) {
            away = true;
            live = false;
            open = socket;
            socket = null;
        }
        if (open != null) {
            open.abort();
        }
    }

    public void comeBack() {
        synchronized (this) {
            away = false;
        }
        connect();
    }

    @Override
    public synchronized String toString() {
        List<String> lastAnomalies = anomalies.subList(Math.max(0, anomalies.size() - 5), anomalies.size());
        return user + "[connects=" + connects + ", live=" + live + ", offset=" + offset + ", received=" + received.size()
                + ", accepted=" + accepted.size() + ", privates=" + inbox.received.size() + "@" + inbox.offset
                + ", broadcasts=" + broadcasts.received.size() + "@" + broadcasts.offset + ", unaccepted=" + unaccepted.keySet().stream().limit(10).toList()
                + (unaccepted.size() > 10 ? "…(" + unaccepted.size() + ")" : "") + ", anomalies=" + anomalies.size()
                + " " + lastAnomalies + ", sessions=" + sessions + "]";
    }

    private void connect() {
        URI uri;
        synchronized (this) {
            if (closed || away) {
                return;
            }
            connects++;
            String since = epoch == null ? "" : "&since=" + room + ":" + offset + ":" + epoch;
            uri = URI.create(instances.get().toString().replaceFirst("^http", "ws") + "?id=" + user + "&room=" + room + since
                    + inbox.since("inbox_since") + broadcasts.since("broadcast_since"));
        }
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, new Listener())
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        synchronized (this) {
                            anomalies.add("connect failed: " + failure);
                        }
                        retry(null, 200);
                    }
                });
    }

    /** The connection {@code from} (null: a connect that failed) ended: connect again, once. */
    private void retry(WebSocket from, long delayMs) {
        synchronized (this) {
            if (closed || away || (from != null && from != socket)) {
                return; // already handled (onError after onClose), or closed on purpose
            }
            live = false;
            socket = null;
        }
        timer.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
    }

    private synchronized void onFrame(JsonNode frame) {
        switch (frame.path("type").asText()) {
            case "welcome", "resumed" -> {
                inbox.at(frame.path("inbox"));
                broadcasts.at(frame.path("broadcasts"));
            }
            case "private" -> inbox.got(frame);
            case "broadcast" -> broadcasts.got(frame);
            case "joined" -> {
                sessions.add("joined@" + frame.path("offset").asLong(-1)
                        + (frame.has("recovered") ? " recovered=" + frame.get("recovered").asBoolean() : "")
                        + " after " + sessionMessages + " messages");
                sessionMessages = 0;
                if (frame.has("recovered") && !frame.get("recovered").asBoolean()) {
                    anomalies.add("recovered false: " + frame);
                }
                if (frame.has("epoch")) { // absent when the instance could not read history: keep the old since
                    if (epoch == null) {
                        offset = frame.get("offset").asLong();
                    }
                    epoch = frame.get("epoch").asText();
                }
                live = true;
                reconnectAfterMs = 200;
                resent += unaccepted.size() + unacceptedPrivates.size() + unacceptedBroadcasts.size();
                unaccepted.keySet().forEach(this::send); // anything not yet accepted, with its original id
                unacceptedPrivates.keySet().forEach(this::sendPrivate);
                List.copyOf(unacceptedBroadcasts).forEach(this::sendBroadcast);
            }
            case "message" -> {
                long at = frame.get("offset").asLong();
                if (at != offset + 1) {
                    anomalies.add("offset " + at + " after " + offset);
                }
                offset = Math.max(offset, at);
                received.add(frame.get("content").asInt());
                sessionMessages++;
            }
            case "accepted" -> {
                String ref = frame.get("ref").asText();
                int seq = Integer.parseInt(ref.substring(2));
                if (ref.startsWith("m:") && unaccepted.remove(seq) != null) {
                    accepted.add(seq);
                } else if (ref.startsWith("p:") && unacceptedPrivates.remove(seq) != null) {
                    acceptedPrivates.put(seq, frame.get("offset").asLong());
                } else if (ref.startsWith("b:") && unacceptedBroadcasts.remove((Integer) seq)) {
                    acceptedBroadcasts.put(seq, frame.get("offset").asLong());
                }
            }
            case "server_shutdown" -> reconnectAfterMs = frame.get("reconnect_after_ms").asLong();
            case "error" -> {
                anomalies.add("error: " + frame);
                if (frame.has("ref")) { // not delivered (or maybe): resend with the same id a little later
                    String ref = frame.get("ref").asText();
                    timer.schedule(() -> resend(ref), 200, TimeUnit.MILLISECONDS);
                }
            }
            default -> {
            }
        }
    }

    private synchronized void resend(String ref) {
        int seq = Integer.parseInt(ref.substring(2));
        if (!live) {
            return; // the next joined resends everything unaccepted
        }
        if (ref.startsWith("m:") && unaccepted.containsKey(seq)) {
            send(seq);
        } else if (ref.startsWith("p:") && unacceptedPrivates.containsKey(seq)) {
            sendPrivate(seq);
        } else if (ref.startsWith("b:") && unacceptedBroadcasts.contains(seq)) {
            sendBroadcast(seq);
        }
    }

    /** One send at a time per socket (the JDK's WebSocket refuses overlapping sends): each waits for the last. */
    private void send(int seq) {
        sendText(WsClient.JSON.createObjectNode().put("type", "message").put("room", room).put("content", seq)
                .put("id", unaccepted.get(seq)).put("ref", "m:" + seq).toString());
    }

    private void sendPrivate(int seq) {
        sendText(WsClient.JSON.createObjectNode().put("type", "private").put("to", unacceptedPrivates.get(seq))
                .put("content", seq).put("id", user + "-p-" + seq).put("ref", "p:" + seq).toString());
    }

    private void sendBroadcast(int seq) {
        sendText(WsClient.JSON.createObjectNode().put("type", "broadcast").put("content", seq)
                .put("id", user + "-b-" + seq).put("ref", "b:" + seq).toString());
    }

    private void sendText(String text) {
        WebSocket ws = socket;
        sending = sending.handle((ok, failed) -> null).thenCompose(v -> ws.sendText(text, true));
    }

    @Override
    public void close() {
        WebSocket open;
        synchronized (this) {
            closed = true;
            open = socket;
        }
        if (open != null) {
            open.abort();
        }
        timer.shutdownNow();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket ws) {
            synchronized (ResumingClient.this) {
                socket = ws;
            }
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            String text;
            synchronized (ResumingClient.this) {
                partial.append(data);
                if (!last) {
                    ws.request(1);
                    return null;
                }
                text = partial.toString();
                partial.setLength(0);
            }
            try {
                JsonNode frame = WsClient.JSON.readTree(text);
                if (frame.isArray()) {
                    frame.forEach(ResumingClient.this::onFrame);
                } else {
                    onFrame(frame);
                }
            } catch (Exception e) {
                synchronized (ResumingClient.this) {
                    anomalies.add("unreadable frame: " + text);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            long delay;
            synchronized (ResumingClient.this) {
                delay = reconnectAfterMs;
            }
            retry(ws, delay);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            retry(ws, 200);
        }
    }
}
