package dev.roomcast.webhook;

/** What a webhook reports; {@link #wire} is the event's {@code type} and its name in {@code roomcast.webhooks.events}. */
public enum EventType {
    ROOM_OCCUPIED("room_occupied"),
    ROOM_VACATED("room_vacated"),
    MEMBER_JOINED("member_joined"),
    MEMBER_LEFT("member_left"),
    USER_ONLINE("user_online"),
    USER_OFFLINE("user_offline"),
    MESSAGE_PUBLISHED("message_published");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The type named {@code wire}; IllegalArgumentException for a name no type has. */
    public static EventType ofWire(String wire) {
        for (EventType type : values()) {
            if (type.wire.equals(wire)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown webhook event '" + wire + "'");
    }
}
