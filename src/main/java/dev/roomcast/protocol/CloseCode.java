package dev.roomcast.protocol;

import io.quarkus.websockets.next.CloseReason;

/** WebSocket close codes Roomcast sends, with the reason text that goes with them. */
public enum CloseCode {
    /** The server is shutting down; reconnect (to another instance). */
    GOING_AWAY(1001, "server shutting down"),
    /** Sustained abuse: the connection kept sending over its rate limit. */
    POLICY_VIOLATION(1008, "policy violation"),
    /** An inbound message or frame exceeded the maximum message size. Sent by the WebSocket layer. */
    MESSAGE_TOO_BIG(1009, "message too big"),
    /** The server failed in a way it could not report with an error frame. */
    INTERNAL_ERROR(1011, "internal error"),
    /** The peer answered no ping and sent nothing for the heartbeat timeout. */
    HEARTBEAT_TIMEOUT(4001, "heartbeat timeout"),
    /** The peer did not read fast enough: its outbound queue overflowed. */
    SLOW_CONSUMER(4002, "slow consumer"),
    /** The token the connection was opened with expired; reconnect with a fresh one. */
    TOKEN_EXPIRED(4003, "token expired"),
    /** A backend disconnected the user through the HTTP API (it may give another 4000-4999 code). */
    DISCONNECTED(4004, "disconnected by server"),
    /** The request is wrong: invalid_id, invalid_batch, invalid_since. */
    REFUSED_BAD_REQUEST(4400, "refused: bad request"),
    /** No token, or a token not accepted: unauthenticated, invalid_token. */
    REFUSED_UNAUTHORIZED(4401, "refused: unauthorized"),
    /** Not allowed from here: origin. */
    REFUSED_FORBIDDEN(4403, "refused: forbidden");

    private final int code;
    private final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /**
     * Upgrades refused for good are told this way to a client that asked with {@code ?refusal=close} (a browser
     * cannot read an HTTP refusal): the upgrade completes and is closed at once with 4000 + the HTTP status it
     * would have had. Null for the statuses that stay HTTP refusals (429, 503: retrying can succeed).
     */
    public static CloseCode forRefusal(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> REFUSED_BAD_REQUEST;
            case 401 -> REFUSED_UNAUTHORIZED;
            case 403 -> REFUSED_FORBIDDEN;
            default -> null;
        };
    }

    public CloseReason toCloseReason() {
        return new CloseReason(code, reason);
    }
}
