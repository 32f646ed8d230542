package dev.roomcast.cluster;

/**
 * Redis is unreachable, or known not to deliver: the call was not sent, so only this instance's connections
 * were served. Stackless, it can be frequent.
 */
public final class FanoutUnavailableException extends RuntimeException {

    public static final FanoutUnavailableException INSTANCE = new FanoutUnavailableException();

    private FanoutUnavailableException() {
        super("cross-instance fan-out is unavailable (Redis unreachable)", null, false, false);
    }
}
