package dev.roomcast.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Requests a client sends, one JSON text frame each, told apart by {@code "type"}.
 * Every request may carry a {@code ref} (string or number) that the reply or error echoes.
 * Handling is exhaustive by construction: each request hands itself to its own {@link Handler}
 * method, so a new request type does not compile until every handler has a case for it
 * (Java 17 has no pattern switch over a sealed type).
 */
public sealed interface ClientMessage {

    /** The client's correlation value, or null. */
    RawJson ref();

    /** The wire {@code type} of this request. */
    MessageType type();

    /** Calls the handler's method for this request's type, passing {@code context} along. */
    <C, R> R handleWith(Handler<C, R> handler, C context);

    /** One method per request type; {@code C} is what the handler needs besides the request (e.g. the session). */
    interface Handler<C, R> {
        R join(Join join, C context);

        R leave(Leave leave, C context);

        R message(Message message, C context);

        R broadcast(Broadcast broadcast, C context);

        R privateMessage(Private message, C context);

        R ping(Ping ping, C context);

        R members(Members members, C context);

        R read(Read read, C context);
    }

    /** A place in a room's history: the last offset a client saw, in the history named by epoch. */
    @RegisterForReflection
    record Since(long offset, String epoch) {
    }

    /** {@code since} (may be null): resume after that offset, replaying what was missed. */
    @RegisterForReflection
    record Join(String room, Since since, RawJson ref) implements ClientMessage {
        public Join(String room, RawJson ref) {
            this(room, null, ref);
        }

        public MessageType type() {
            return MessageType.JOIN;
        }

        public <C, R> R handleWith(Handler<C, R> handler, C context) {
            return handler.join(this, context);
        }
    }

    @RegisterForReflection
    record Leave(String room, RawJson ref) implements ClientMessage {
        public MessageType type() {
            return MessageType.LEAVE;
        }

        public <C, R> R handleWith(Handler<C, R> handler, C context) {
            return handler.leave(this, context);
        }
    }

    /**
     * To every connection in {@code room}, the sender's included; the sender must have joined it. {@code id}
     * (may be null) is the client's message id: a repeat within the history window is not published again.
     */
    @RegisterForReflection
    record Message(String room, RawJson content, String id, RawJson ref) implements ClientMessage {
        public Message(String room, RawJson content, RawJson ref) {
            this(room, content, null, ref);
        }

        public MessageType type() {
            return MessageType.MESSAGE;
        }

        public <C, R> R handleWith(Handler<C, R> handler, C context) {
            return handler.message(this, context);
        }
    }

    /** To every connected client, the sender's connections included; {@code id} as for {@link Message}. */
    @RegisterForReflection
    record Broadcast(RawJson content, String id, RawJson ref) implements ClientMessage {
        public Broadcast(RawJson content, RawJson ref) {
            this(content, null, ref);
        }

        public MessageType type() {
            return MessageType.BROADCAST;
        }

        public <C, R> R handleWith(Handler<C, R> handler, C context) {
            return handler.broadcast(this, context);
        }
    }

    /** To every connection of user {@code to}, through the user's inbox; {@code id} as for {@link Message}. */
    @RegisterForReflection
    record Private(String to, RawJson content, String id, RawJson ref) implements ClientMessage {
        public Private(String to, RawJson content, RawJson ref) {
            this(to, content, null, ref);
        }

        public MessageType type() {
            return MessageType.PRIVATE;
        }

        public <C, R> R handleWith(Handler<C, R> handler, C context) {
            return handler.privateMessage(this, context);
        }
    }

    /** A page of a room's members, in user id order: those after {@code after} (may be null), at most {@code limit}. */
    @RegisterForReflection
    record Members(String room, String after, int limit, RawJson ref) implements ClientMessage {
        /** Page size when the request names none, and the most one page may hold. */
        public static final int DEFAULT_LIMIT = 100;
        public static final int MAX_LIMIT = 1000;

        public MessageType type() {
            return MessageType.MEMBERS;
        }

        public <C, R> R handleWith(Handler<C, R> handler, C context) {
            return handler.members(this, context);
        }
    }

    /**
     * The user has read up to {@code offset} in {@code room}, or in the inbox when {@code room} is null;
     * {@code epoch} (may be null) names the history the offset belongs to.
     */
    @RegisterForReflection
    record Read(String room, long offset, String epoch, RawJson ref) implements ClientMessage {
        public boolean inbox() {
            return room == null;
        }

        public MessageType type() {
            return MessageType.READ;
        }

        public <C, R> R handleWith(Handler<C, R> handler, C context) {
            return handler.read(this, context);
        }
    }

    @RegisterForReflection
    record Ping(RawJson ref) implements ClientMessage {
        public MessageType type() {
            return MessageType.PING;
        }

        public <C, R> R handleWith(Handler<C, R> handler, C context) {
            return handler.ping(this, context);
        }
    }
}
