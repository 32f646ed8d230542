package dev.roomcast.client;

/** A token bucket for the client's room messages. Used on the client's thread only. */
final class SendRate {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long at = System.nanoTime();

    SendRate(double perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    /** Takes a token and returns 0, or returns how long until one is there (taking nothing). */
    long waitNanos() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - at) * perNano);
        at = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }
}
