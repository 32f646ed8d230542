package dev.roomcast.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Requests a client sends, one JSON text frame each, told apart by {@code "type"}.
 * Every request may carry a {@code ref} (string or number) that the reply or error echoes.
 */
public sealed interface ClientMessage {

    /** The client's correlation value, or null. */
    RawJson ref();

    /** The wire {@code type} of this request. */
    String type();

    @RegisterForReflection
    record Join(String room, RawJson ref) implements ClientMessage {
        public String type() {
            return "join";
        }
    }

    @RegisterForReflection
    record Leave(String room, RawJson ref) implements ClientMessage {
        public String type() {
            return "leave";
        }
    }

    /** To every connection in {@code room}, the sender's included; the sender must have joined it. */
    @RegisterForReflection
    record Message(String room, RawJson content, RawJson ref) implements ClientMessage {
        public String type() {
            return "message";
        }
    }

    /** To every connected client, the sender's connections included. */
    @RegisterForReflection
    record Broadcast(RawJson content, RawJson ref) implements ClientMessage {
        public String type() {
            return "broadcast";
        }
    }

    /** To every connection of user {@code to}. */
    @RegisterForReflection
    record Private(String to, RawJson content, RawJson ref) implements ClientMessage {
        public String type() {
            return "private";
        }
    }

    @RegisterForReflection
    record Ping(RawJson ref) implements ClientMessage {
        public String type() {
            return "ping";
        }
    }
}
