package dev.roomcast.protocol;

/** Stable codes of {@code error} frames. The connection stays open after every one of them. */
public enum ErrorCode {
    /** The text frame is not a single JSON object. */
    MALFORMED_JSON("malformed_json"),
    /** A field is missing or has the wrong JSON type. */
    INVALID_MESSAGE("invalid_message"),
    /** {@code type} names no known request. */
    UNKNOWN_TYPE("unknown_type"),
    /** The room name is empty, too long or does not match the allowed pattern. */
    INVALID_ROOM("invalid_room"),
    /** The connection is not in the room it sends to or leaves. */
    NOT_MEMBER("not_member"),
    /** The connection is already in the maximum number of rooms. */
    TOO_MANY_ROOMS("too_many_rooms"),
    /** {@code content} is larger than the configured maximum. */
    CONTENT_TOO_LARGE("content_too_large"),
    /** {@code private} to a user with no open connection. */
    UNKNOWN_USER("unknown_user"),
    /** The connection's token (or the anonymous defaults) does not allow this room or broadcast. */
    FORBIDDEN("forbidden"),
    /** The connection sends faster than its message rate; the request was dropped. */
    RATE_LIMITED("rate_limited"),
    /** A binary frame: Roomcast speaks JSON text frames only. */
    BINARY_NOT_SUPPORTED("binary_not_supported"),
    /**
     * Other instances could not be reached (Redis down, or known to have stopped delivering): the request
     * was carried out for this instance's connections only and not sent to the others. May arrive after
     * replies to later requests.
     */
    FANOUT_UNAVAILABLE("fanout_unavailable"),
    /**
     * Redis took the request but did not confirm it in time: other instances may still get it. Resending
     * may deliver it twice.
     */
    FANOUT_TIMEOUT("fanout_timeout"),
    /**
     * The application's hook backend refused the request. The frame's code is {@code hook:<the backend's code>}
     * ({@code hook:denied} when it gave none or an invalid one), so it can never clash with Roomcast's own codes;
     * this constant stands for all of them (and is the metrics' label).
     */
    HOOK_DENIED("hook:denied"),
    /** The hook backend did not answer in time, or not usably, and the hook's failure policy is {@code deny}. */
    HOOK_FAILED("hook_failed"),
    /** This instance has as many hook calls open as it allows: the request was not asked about, and refused. */
    HOOK_BUSY("hook_busy"),
    /** A server fault while handling the request; the request may not have taken effect. */
    INTERNAL_ERROR("internal_error");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code as it appears in the {@code error} frame. */
    public String wire() {
        return wire;
    }
}
