package dev.roomcast.security;

import java.util.List;
import java.util.regex.Pattern;

import dev.roomcast.session.Identity;
import io.quarkus.websockets.next.UserData.TypedKey;

/** The WebSocket upgrade: its path, and what the {@link UpgradeGate} hands the endpoint in the connection's user data. */
public final class Handshake {

    /** Where clients connect. */
    public static final String PATH = "/ws";

    /** The connection's identity. */
    public static final TypedKey<Identity> IDENTITY = new TypedKey<>("roomcast.identity");
    /** The connection's place under the connection limits, taken when its upgrade passed them. */
    public static final TypedKey<Reservation> RESERVATION = new TypedKey<>("roomcast.reservation");
    /** The raw {@code room} parameter values, comma separated. */
    public static final TypedKey<String> ROOMS = TypedKey.forString("roomcast.rooms");
    /** Present when the client asked for batched frames. */
    public static final TypedKey<Boolean> BATCH = TypedKey.forBoolean("roomcast.batch");

    private static final Pattern COMMA = Pattern.compile(",");

    private Handshake() {
    }

    /** The rooms named at connect, in order, without blanks. */
    public static List<String> initialRooms(String rawRooms) {
        if (rawRooms == null) {
            return List.of();
        }
        return COMMA.splitAsStream(rawRooms).map(String::trim).filter(r -> !r.isEmpty()).toList();
    }
}
