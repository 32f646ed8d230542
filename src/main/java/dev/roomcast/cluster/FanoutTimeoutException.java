package dev.roomcast.cluster;

/**
 * Redis took a call but did not answer in time (hung, or frozen with its connections open): unlike
 * {@link FanoutUnavailableException}, the call may still be carried out later. Stackless, it can be frequent.
 */
public final class FanoutTimeoutException extends RuntimeException {

    public static final FanoutTimeoutException INSTANCE = new FanoutTimeoutException();

    private FanoutTimeoutException() {
        super("Redis did not answer in time: the call may still be carried out", null, false, false);
    }
}
