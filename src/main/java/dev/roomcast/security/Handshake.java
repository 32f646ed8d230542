package dev.roomcast.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.roomcast.protocol.ClientMessage;
import dev.roomcast.protocol.ClientMessageCodec;
import dev.roomcast.protocol.Offsets;
import dev.roomcast.protocol.CloseCode;
import dev.roomcast.session.Identity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData.TypedKey;

/** The WebSocket upgrade: its path, and what the {@link UpgradeGate} hands the endpoint in the connection's user data. */
public final class Handshake {

    /** Where clients connect. */
    public static final String PATH = "/ws";

    /** The connection's identity. */
    public static final TypedKey<Identity> IDENTITY = new TypedKey<>("roomcast.identity");
    /** The connection's place under the connection limits, taken when its upgrade passed them. */
    public static final TypedKey<Reservation> RESERVATION = new TypedKey<>("roomcast.reservation");
    /** The verified token's claims as sent (JSON), kept only for the connect hook. */
    static final TypedKey<String> CLAIMS = TypedKey.forString("roomcast.claims");
    /** The raw {@code room} parameter values, comma separated. */
    public static final TypedKey<String> ROOMS = TypedKey.forString("roomcast.rooms");
    /** The raw {@code since} parameter values, comma separated: room:offset:epoch each. */
    public static final TypedKey<String> SINCE = TypedKey.forString("roomcast.since");
    /** {@code inbox_since} and {@code broadcast_since}, parsed: where to resume the user's streams. */
    public static final TypedKey<ClientMessage.Since> INBOX_SINCE = new TypedKey<>("roomcast.inbox-since");
    public static final TypedKey<ClientMessage.Since> BROADCAST_SINCE = new TypedKey<>("roomcast.broadcast-since");
    /** Present when the client asked for batched frames. */
    public static final TypedKey<Boolean> BATCH = TypedKey.forBoolean("roomcast.batch");
    /** {@code ?refusal=close}: refusals that retrying cannot fix are told by a close code, not an HTTP status. */
    public static final String REFUSAL_PARAMETER = "refusal";
    /** Present when the client asked for {@code ?refusal=close}. */
    static final TypedKey<Boolean> CLOSE_ON_REFUSAL = TypedKey.forBoolean("roomcast.close-on-refusal");
    /** A refused upgrade that was completed only to be closed at once with this. */
    public static final TypedKey<Refused> REFUSED = new TypedKey<>("roomcast.refused");

    /** The close a refused upgrade gets: a {@code CloseCode.REFUSED_*} code and {@code "<reason code>: <message>"}. */
    public record Refused(CloseCode code, String reason) {

        /** A close reason holds at most 123 bytes; the reason is ASCII (it is header-safe). */
        public CloseReason toCloseReason() {
            return new CloseReason(code.code(), reason.length() <= 123 ? reason : reason.substring(0, 123));
        }
    }

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

    /**
     * The joins a connection asked for at connect: each room of {@code room}, resumed from its entry in
     * {@code since} when it has one. {@code rawSince} must have passed {@link #parseSince}.
     */
    public static List<ClientMessage.Join> initialJoins(String rawRooms, String rawSince) {
        Map<String, ClientMessage.Since> since = rawSince == null ? Map.of() : parseSince(rawSince);
        return initialRooms(rawRooms).stream().map(room -> new ClientMessage.Join(room, since.get(room), null)).toList();
    }

    /**
     * {@code offset:epoch}, the {@code inbox_since} and {@code broadcast_since} parameters.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static ClientMessage.Since parseStreamSince(String parameter, String raw) {
        int colon = raw.indexOf(':');
        String offset = colon < 0 ? raw : raw.substring(0, colon);
        String epoch = colon < 0 ? "" : raw.substring(colon + 1);
        if (!isOffset(offset) || !isEpoch(epoch)) {
            throw new IllegalArgumentException(parameter + " must be offset:epoch (a whole number from 0 to " + Offsets.MAX
                    + ", then 1 to " + ClientMessageCodec.MAX_EPOCH_LENGTH + " characters), got '" + raw + "'");
        }
        return new ClientMessage.Since(Long.parseLong(offset), epoch);
    }

    private static boolean isOffset(String offset) {
        return offset.matches("[0-9]{1,16}") && Long.parseLong(offset) <= Offsets.MAX;
    }

    private static boolean isEpoch(String epoch) {
        return !epoch.isEmpty() && epoch.length() <= ClientMessageCodec.MAX_EPOCH_LENGTH;
    }

    /**
     * {@code room:offset:epoch,...} (a room name may itself contain ':'; offset and epoch are the last two parts).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Map<String, ClientMessage.Since> parseSince(String raw) {
        Map<String, ClientMessage.Since> out = new LinkedHashMap<>();
        for (String entry : COMMA.split(raw)) {
            String item = entry.trim();
            int epochAt = item.lastIndexOf(':');
            int offsetAt = epochAt <= 0 ? -1 : item.lastIndexOf(':', epochAt - 1);
            if (offsetAt <= 0) {
                throw new IllegalArgumentException("each since entry must be room:offset:epoch, got '" + item + "'");
            }
            String room = item.substring(0, offsetAt);
            String offset = item.substring(offsetAt + 1, epochAt);
            String epoch = item.substring(epochAt + 1);
            if (!isOffset(offset)) {
                throw new IllegalArgumentException("the offset in since entry '" + item + "' must be a whole number from 0 to "
                        + Offsets.MAX);
            }
            if (!isEpoch(epoch)) {
                throw new IllegalArgumentException("the epoch in since entry '" + item + "' must have 1 to "
                        + ClientMessageCodec.MAX_EPOCH_LENGTH + " characters");
            }
            if (out.put(room, new ClientMessage.Since(Long.parseLong(offset), epoch)) != null) {
                throw new IllegalArgumentException("since names room '" + room + "' twice");
            }
        }
        return out;
    }
}
