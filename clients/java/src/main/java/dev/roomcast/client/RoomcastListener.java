package dev.roomcast.client;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** What a {@link RoomcastClient} tells its user. Every method has an empty default; all are called on the client's thread. */
public interface RoomcastListener {

    enum State {
        CONNECTING, OPEN, RECONNECTING, CLOSED
    }

    /** @param code the close code that ended the last connection (RECONNECTING, CLOSED), else 0 */
    default void onState(State state, int code, long delayMillis) {
    }

    record RoomMessage(String room, String from, JsonNode content, long ts, Long offset) {
    }

    default void onMessage(RoomMessage message) {
    }

    record DirectMessage(String from, JsonNode content, long ts) {
    }

    default void onPrivate(DirectMessage message) {
    }

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

    default void onError(RoomcastException error) {
    }
}
