package dev.roomcast.protocol;

/**
 * Every {@code type} on the wire, named once: the codec reads client types from it, the encoder
 * writes server types from it, and the metrics label messages with it. {@code message},
 * {@code broadcast} and {@code private} go both ways: a request from a client, a frame to recipients.
 */
public enum MessageType {
    JOIN("join", true, false),
    LEAVE("leave", true, false),
    MESSAGE("message", true, true),
    BROADCAST("broadcast", true, true),
    PRIVATE("private", true, true),
    PING("ping", true, false),
    WELCOME("welcome", false, true),
    JOINED("joined", false, true),
    USER_JOINED("user_joined", false, true),
    USER_LEFT("user_left", false, true),
    LEFT("left", false, true),
    PONG("pong", false, true),
    ERROR("error", false, true),
    SERVER_SHUTDOWN("server_shutdown", false, true),
    ACCEPTED("accepted", false, true),
    MEMBERS("members", true, true),
    PRESENCE_DIFF("presence_diff", false, true),
    READ("read", true, false),
    READ_POSITION("read_position", false, true),
    RESUMED("resumed", false, true);

    private final String wire;
    private final boolean fromClient;
    private final boolean fromServer;

    MessageType(String wire, boolean fromClient, boolean fromServer) {
        this.wire = wire;
        this.fromClient = fromClient;
        this.fromServer = fromServer;
    }

    /** The {@code type} as it appears in JSON. */
    public String wire() {
        return wire;
    }

    /** A client may send it. */
    public boolean fromClient() {
        return fromClient;
    }

    /** The server sends it. */
    public boolean fromServer() {
        return fromServer;
    }

    /** The type a client request names, or null when it names none. */
    public static MessageType ofRequest(String wire) {
        MessageType type = ofWire(wire);
        return type != null && type.fromClient ? type : null;
    }

    /** The type with this wire name, or null. */
    public static MessageType ofWire(String wire) {
        for (MessageType type : values()) {
            if (type.wire.equals(wire)) {
                return type;
            }
        }
        return null;
    }
}
