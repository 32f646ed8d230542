package dev.roomcast.client;

import java.util.Map;

/** The close codes the server uses (docs/protocol.md), by what they mean to a client. */
public final class CloseCodes {

    /** The client's own watchdog gave up on a link that went silent. */
    public static final int HEARTBEAT_LOST = 4000;

    private static final Map<Integer, String> REASONS = Map.of(1000, "normal", 1001, "server_shutdown", 1006,
            "connection_lost", 1008, "policy_violation", 1009, "message_too_big", 1011, "server_error", HEARTBEAT_LOST,
            "heartbeat_lost", 4001, "heartbeat_timeout", 4002, "slow_consumer", 4003, "token_expired", 4004,
            "disconnected_by_server");

    private CloseCodes() {
    }

    public static String reason(int code) {
        return REASONS.getOrDefault(code, "closed_" + code);
    }
}
