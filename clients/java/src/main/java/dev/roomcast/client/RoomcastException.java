package dev.roomcast.client;

/** A refused request or a failed connection: {@link #code()} is the server's error code or a client-side one. */
public class RoomcastException extends RuntimeException {

    private final String code;

    public RoomcastException(String code, String message) {
        super(message == null ? code : code + ": " + message);
        this.code = code;
    }

    /** E.g. unknown_user, not_member, forbidden (docs/protocol.md), or queue_full, closed, disconnected. */
    public String code() {
        return code;
    }
}
