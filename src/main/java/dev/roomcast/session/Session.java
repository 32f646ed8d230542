package dev.roomcast.session;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.roomcast.delivery.FirstFrame;
import dev.roomcast.delivery.SharedFrame;
import dev.roomcast.delivery.Transport;
import dev.roomcast.protocol.CloseCode;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.protocol.ServerMessageEncoder;
import dev.roomcast.telemetry.RoomcastMetrics;

/** One client connection: who it is, which rooms it is in, when it was last heard from. */
public final class Session {

    private final String id;
    private final String user;
    private final RoomGrants grants;
    private final Transport transport;
    private final RoomcastMetrics metrics;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    /** The user's inbox and the broadcast stream, when this connection follows them (see Streams). */
    private final Set<String> streams = ConcurrentHashMap.newKeySet();
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile boolean closed;

    public Session(String id, String user, Transport transport, RoomcastMetrics metrics) {
        this(id, user, RoomGrants.ALL, transport, metrics);
    }

    public Session(String id, String user, RoomGrants grants, Transport transport, RoomcastMetrics metrics) {
        this.id = id;
        this.user = user;
        this.grants = grants;
        this.transport = transport;
        this.metrics = metrics;
    }

    /** The connection id, unique per connection. */
    public String id() {
        return id;
    }

    /** The user id; one user may have several sessions. */
    public String user() {
        return user;
    }

    /** What this connection may do in rooms. */
    public RoomGrants grants() {
        return grants;
    }

    /** The rooms this connection has joined. */
    public Set<String> rooms() {
        return rooms;
    }

    /** The streams (inbox, broadcasts) this connection follows; not rooms it joined. */
    public Set<String> streams() {
        return streams;
    }

    /**
     * Keeps the head of the queue for a message given later ({@code welcome}, sent once the streams are read; see
     * {@link FirstFrame}): what is sent meanwhile waits behind it.
     */
    public java.util.function.Consumer<ServerMessage> reserveFirst() {
        FirstFrame first = transport.reserveFirst();
        return message -> {
            EncodedMessage encoded = ServerMessageEncoder.encode(message);
            first.send(encoded);
            metrics.sent(encoded.type(), encoded.size(), 1);
        };
    }

    public boolean send(EncodedMessage message) {
        return transport.send(message);
    }

    /**
     * Sends one message to each of {@code targets} except the session {@code exceptId} and the sessions of
     * {@code exceptUser} (null: none), framed once and shared (see {@link SharedFrame}).
     *
     * @return how many took it
     */
    public static int sendToEach(Collection<Session> targets, EncodedMessage message, String exceptId,
            String exceptUser) {
        int queued = 0;
        SharedFrame frame = SharedFrame.forFanout(message, targets.size());
        try {
            for (Session session : targets) {
                if ((exceptId == null || !exceptId.equals(session.id))
                        && (exceptUser == null || !exceptUser.equals(session.user))
                        && session.transport.send(frame)) {
                    queued++;
                }
            }
        } finally {
            frame.release();
        }
        return queued;
    }

    /** Encodes and sends a message meant for this connection alone. */
    public boolean send(ServerMessage message) {
        EncodedMessage encoded = ServerMessageEncoder.encode(message);
        boolean sent = transport.send(encoded);
        metrics.sent(encoded.type(), encoded.size(), sent ? 1 : 0);
        return sent;
    }

    /** Messages from history, written as the client reads them (see {@link Transport#replay}). */
    public void replay(List<EncodedMessage> messages) {
        transport.replay(messages);
    }

    /** How many bytes of replay this connection may be given now; call on its event loop. */
    public long replayRoom() {
        return transport.replayRoom();
    }

    /** Sends {@code lastWords} and closes; nothing is written after the close. */
    public void closeWith(ServerMessage lastWords, CloseCode code) {
        EncodedMessage encoded = ServerMessageEncoder.encode(lastWords);
        metrics.sent(encoded.type(), encoded.size(), 1);
        transport.close(encoded, code.code(), code.reason());
    }

    public void ping() {
        transport.ping();
    }

    public void close(CloseCode code) {
        transport.close(code);
    }

    public void close(int code, String reason) {
        transport.close(code, reason);
    }

    /** The connection is gone; a join still in flight must not add it to a room. */
    public void markClosed() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Records that the peer sent something, which proves it is alive. */
    public void touch() {
        lastSeenNanos = System.nanoTime();
    }

    public long lastSeenNanos() {
        return lastSeenNanos;
    }

    @Override
    public String toString() {
        return "Session[" + id + ", user=" + user + "]";
    }
}
