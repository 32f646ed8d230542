package dev.roomcast.client;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** What a {@link RoomcastClient} tells its user. Every method has an empty default; all are called on the client's thread. */
public interface RoomcastListener {

    enum State {
        CONNECTING, OPEN, RECONNECTING, CLOSED
    }

    /** The user's two streams besides rooms: their private messages, and the broadcasts to everyone. */
    enum Stream {
        INBOX, BROADCASTS
    }

    /** @param code the close code that ended the last connection (RECONNECTING, CLOSED), else 0 */
    default void onState(State state, int code, long delayMillis) {
    }

    /**
     * @param offset its place in the room's history (null with history off)
     * @param meta what the server's publish hook attached (null when nothing)
     */
    record RoomMessage(String room, String from, JsonNode content, long ts, Long offset, JsonNode meta) {
    }

    default void onMessage(RoomMessage message) {
    }

    /** A private message or a broadcast. @param offset its place in the user's inbox or the broadcast stream (null when the server keeps none) */
    record DirectMessage(String from, JsonNode content, long ts, Long offset) {
    }

    /** A private message: live, or missed while away and replayed after a (re)connect, each once and in order. */
    default void onPrivate(DirectMessage message) {
    }

    /** A broadcast: live, or missed while away and replayed after a (re)connect, each once and in order. */
    default void onBroadcast(DirectMessage message) {
    }

    /** @param complete false in a big room until the members are paged, or after a diff too big to name users */
    record Presence(String room, Set<String> members, long count, boolean complete, List<String> joined, List<String> left) {
    }

    default void onPresence(Presence presence) {
    }

    /** A room re-joined with {@code since} after a reconnect; {@code recovered} false means messages were missed. */
    default void onResumed(String room, boolean recovered, Long missed) {
    }

    /**
     * The inbox or the broadcasts resumed after a reconnect; {@code recovered} false means some were missed (too
     * old, or the stream lost its history), {@code missed} how many were replayed (null when not known). The
     * replayed messages follow as {@link #onPrivate} or {@link #onBroadcast}. When the server's Redis was slow at the
     * welcome this comes twice for a stream: first without a position (recovered false, missed null), then with it.
     */
    default void onStreamResumed(Stream stream, boolean recovered, Long missed) {
    }

    /**
     * Where the user stopped reading in a room or the inbox: marked by any of their connections, this one included.
     *
     * @param room the room, or null for the inbox
     * @param epoch the history the offset counts in
     * @param unread the messages after it that this client knows of (null when not known: another epoch, or a room
     *        the client is not in)
     */
    record ReadPosition(String room, long offset, String epoch, Long unread) {
        public boolean inbox() {
            return room == null;
        }
    }

    default void onReadPosition(ReadPosition position) {
    }

    default void onError(RoomcastException error) {
    }
}
