package dev.roomcast.protocol;

/**
 * A request the server refuses; it becomes an {@code error} frame, never a close.
 * No stack trace: these are expected, client-caused and may arrive in floods.
 */
public final class ProtocolException extends RuntimeException {

    private final ErrorCode code;
    private final String wire;
    private final RawJson ref;

    public ProtocolException(ErrorCode code, String message, RawJson ref) {
        this(code, code.wire(), message, ref);
    }

    /** A refusal whose frame carries {@code wire} in place of the code's own (a hook's {@code hook:<code>}). */
    public ProtocolException(ErrorCode code, String wire, String message, RawJson ref) {
        super(message, null, false, false);
        this.code = code;
        this.wire = wire;
        this.ref = ref;
    }

    public ErrorCode code() {
        return code;
    }

    /** The client's {@code ref}, when the request carried a valid one; otherwise null. */
    public RawJson ref() {
        return ref;
    }

    /** The same refusal, carrying the ref found after it was raised. */
    public ProtocolException withRef(RawJson foundRef) {
        return new ProtocolException(code, wire, getMessage(), foundRef);
    }

    public ServerMessage.Error toErrorMessage() {
        return new ServerMessage.Error(wire, getMessage(), ref);
    }
}
