package dev.roomcast.client;

import java.util.Map;

/** The close codes the server uses (docs/protocol.md), by what they mean to a client. */
public final class CloseCodes {

    /** The client's own watchdog gave up on a link that went silent. */
    public static final int HEARTBEAT_LOST = 4000;

    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(1000, "normal"),
            Map.entry(1001, "server_shutdown"), Map.entry(1006, "connection_lost"), Map.entry(1008, "policy_violation"),
            Map.entry(1009, "message_too_big"), Map.entry(1011, "server_error"), Map.entry(HEARTBEAT_LOST, "heartbeat_lost"),
            Map.entry(4001, "heartbeat_timeout"), Map.entry(4002, "slow_consumer"), Map.entry(4003, "token_expired"),
            Map.entry(4004, "disconnected_by_server"), Map.entry(4400, "refused_bad_request"),
            Map.entry(4401, "refused_unauthorized"), Map.entry(4403, "refused_forbidden"));

    private CloseCodes() {
    }

    public static String reason(int code) {
        return REASONS.getOrDefault(code, "closed_" + code);
    }

    /** The upgrade was refused for good (asked with ?refusal=close): retrying the same request cannot succeed. */
    public static boolean isRefusal(int code) {
        return code == 4400 || code == 4401 || code == 4403;
    }

    /** The refusal in a 4400/4401/4403 close: its reason {@code "<code>: <message>"} as an exception with that code. */
    static RoomcastException refusal(int code, String reason) {
        String text = reason == null ? "" : reason;
        int colon = text.indexOf(": ");
        return colon > 0 ? new RoomcastException(text.substring(0, colon), text.substring(colon + 2))
                : new RoomcastException(reason(code), text);
    }
}
