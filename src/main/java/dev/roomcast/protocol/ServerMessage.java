package dev.roomcast.protocol;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Frames the server sends. Each message writes its own fields, so the encoder needs no
 * type switch and adding a message touches one place.
 */
public sealed interface ServerMessage {

    /** The wire {@code type}. */
    MessageType type();

    /** Writes the fields after {@code "type"}; null optional fields are left out. */
    void writeFields(JsonGenerator g) throws IOException;

    /** {@code inbox} and {@code broadcasts}: where those streams stand (null: off, or not known yet). */
    @RegisterForReflection
    record Welcome(String id, StreamState inbox, StreamState broadcasts) implements ServerMessage {
        public MessageType type() {
            return MessageType.WELCOME;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            g.writeStringField("id", id);
            StreamState.write(g, "inbox", inbox);
            StreamState.write(g, "broadcasts", broadcasts);
        }
    }

    /** A stream's position that was not known in time for {@code welcome}; exactly one of the two is set. */
    @RegisterForReflection
    record Resumed(StreamState inbox, StreamState broadcasts) implements ServerMessage {
        public MessageType type() {
            return MessageType.RESUMED;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            StreamState.write(g, "inbox", inbox);
            StreamState.write(g, "broadcasts", broadcasts);
        }
    }

    /** Where the user has read up to in {@code room}, or in the inbox when {@code room} is null. */
    @RegisterForReflection
    record ReadPosition(String room, long offset, String epoch) implements ServerMessage {
        public MessageType type() {
            return MessageType.READ_POSITION;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            if (room == null) {
                g.writeBooleanField("inbox", true);
            } else {
                g.writeStringField("room", room);
            }
            g.writeNumberField("offset", offset);
            if (epoch != null) {
                g.writeStringField("epoch", epoch);
            }
        }
    }

    /**
     * {@code members} is null for a room too big to list (then only {@code memberCount} says how many);
     * {@code position} is the room's history position at the join (null with history off); {@code recovered}
     * answers a {@code since} (null without one); {@code readOffset} is the user's read position in this history
     * (null when none).
     */
    @RegisterForReflection
    record Joined(String room, List<String> members, long memberCount, HistoryPosition position, Boolean recovered,
            Long readOffset, RawJson ref) implements ServerMessage {
        public Joined(String room, List<String> members, RawJson ref) {
            this(room, members, members.size(), null, null, null, ref);
        }

        public Joined(String room, List<String> members, long memberCount, HistoryPosition position, Boolean recovered,
                RawJson ref) {
            this(room, members, memberCount, position, recovered, null, ref);
        }

        public MessageType type() {
            return MessageType.JOINED;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            g.writeStringField("room", room);
            if (members != null) {
                FrameFields.users(g, "members", members);
            }
            g.writeNumberField("member_count", memberCount);
            if (position != null) {
                g.writeNumberField("offset", position.offset());
                g.writeStringField("epoch", position.epoch());
            }
            if (recovered != null) {
                g.writeBooleanField("recovered", recovered);
            }
            if (readOffset != null) {
                g.writeNumberField("read_offset", readOffset);
            }
            FrameFields.ref(g, ref);
        }
    }

    /** A page of a room's members, in user id order; {@code next} (null on the last page) is the next page's {@code after}. */
    @RegisterForReflection
    record Members(String room, List<String> users, String next, RawJson ref) implements ServerMessage {
        public MessageType type() {
            return MessageType.MEMBERS;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            g.writeStringField("room", room);
            FrameFields.users(g, "users", users);
            if (next != null) {
                g.writeStringField("next", next);
            }
            FrameFields.ref(g, ref);
        }
    }

    /** A big room's joins and leaves over a short interval, and its member count after them. */
    @RegisterForReflection
    record PresenceDiff(String room, List<String> joined, List<String> left, long count, int unlisted)
            implements ServerMessage {

        /** Too many changes to name: only how many there were, and the count after them. */
        public static PresenceDiff unlisted(String room, int changes, long count) {
            return new PresenceDiff(room, List.of(), List.of(), count, changes);
        }

        public MessageType type() {
            return MessageType.PRESENCE_DIFF;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            g.writeStringField("room", room);
            if (unlisted > 0) {
                g.writeNumberField("unlisted", unlisted);
            } else {
                FrameFields.users(g, "joined", joined);
                FrameFields.users(g, "left", left);
            }
            g.writeNumberField("count", count);
        }
    }

    /**
     * A request with a ref is stored: a room message in the room's history ({@code room}), a private message in the
     * recipient's inbox ({@code to}), a broadcast in the broadcast stream (neither). Offset null when not kept.
     */
    @RegisterForReflection
    record Accepted(String room, String to, Long offset, RawJson ref) implements ServerMessage {
        public Accepted(String room, Long offset, RawJson ref) {
            this(room, null, offset, ref);
        }

        public static Accepted privateMessage(String to, Long offset, RawJson ref) {
            return new Accepted(null, to, offset, ref);
        }

        public static Accepted broadcast(Long offset, RawJson ref) {
            return new Accepted(null, null, offset, ref);
        }

        public MessageType type() {
            return MessageType.ACCEPTED;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            if (room != null) {
                g.writeStringField("room", room);
            }
            if (to != null) {
                g.writeStringField("to", to);
            }
            if (offset != null) {
                g.writeNumberField("offset", offset);
            }
            FrameFields.ref(g, ref);
        }
    }

    @RegisterForReflection
    record UserJoined(String room, String user) implements ServerMessage {
        public MessageType type() {
            return MessageType.USER_JOINED;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            g.writeStringField("room", room);
            g.writeStringField("user", user);
        }
    }

    @RegisterForReflection
    record UserLeft(String room, String user) implements ServerMessage {
        public MessageType type() {
            return MessageType.USER_LEFT;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            g.writeStringField("room", room);
            g.writeStringField("user", user);
        }
    }

    @RegisterForReflection
    record Left(String room, RawJson ref) implements ServerMessage {
        public MessageType type() {
            return MessageType.LEFT;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            g.writeStringField("room", room);
            FrameFields.ref(g, ref);
        }
    }

    /** A room message; {@code meta} (may be null, then absent) is what the publish hook attached. */
    @RegisterForReflection
    record Message(String room, String from, RawJson content, long ts, RawJson meta) implements ServerMessage {
        public MessageType type() {
            return MessageType.MESSAGE;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            g.writeStringField("room", room);
            FrameFields.payload(g, from, content, ts);
            FrameFields.raw(g, "meta", meta);
        }
    }

    @RegisterForReflection
    record Broadcast(String from, RawJson content, long ts) implements ServerMessage {
        public MessageType type() {
            return MessageType.BROADCAST;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            FrameFields.payload(g, from, content, ts);
        }
    }

    @RegisterForReflection
    record Private(String from, RawJson content, long ts) implements ServerMessage {
        public MessageType type() {
            return MessageType.PRIVATE;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            FrameFields.payload(g, from, content, ts);
        }
    }

    @RegisterForReflection
    record Pong(RawJson ref) implements ServerMessage {
        public MessageType type() {
            return MessageType.PONG;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            FrameFields.ref(g, ref);
        }
    }

    @RegisterForReflection
    record Error(String code, String message, RawJson ref) implements ServerMessage {
        public MessageType type() {
            return MessageType.ERROR;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            FrameFields.ref(g, ref);
        }
    }

    /** Sent before the server closes connections on shutdown (issue: graceful drain). */
    @RegisterForReflection
    record ServerShutdown(String reason, long reconnectAfterMs) implements ServerMessage {
        public MessageType type() {
            return MessageType.SERVER_SHUTDOWN;
        }

        public void writeFields(JsonGenerator g) throws IOException {
            g.writeStringField("reason", reason);
            g.writeNumberField("reconnect_after_ms", reconnectAfterMs);
        }
    }
}
