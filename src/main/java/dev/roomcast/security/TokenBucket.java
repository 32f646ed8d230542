package dev.roomcast.security;

/**
 * A token bucket: {@code rate} tokens a second, up to {@code burst} saved. Cheap enough for every
 * inbound message; synchronized per bucket (one per connection or per client address), never global.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last;

    public TokenBucket(double ratePerSecond, double burst) {
        this.ratePerNano = ratePerSecond / 1_000_000_000d;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    /** Takes one token if there is one. */
    public boolean tryTake() {
        return tryTake(1);
    }

    /** Takes {@code n} tokens if there are that many. */
    public synchronized boolean tryTake(double n) {
        refill();
        if (tokens >= n) {
            tokens -= n;
            return true;
        }
        return false;
    }

    /** Full again, so forgetting this bucket loses nothing (for sweeping idle per-address buckets). */
    public synchronized boolean isFull() {
        refill();
        return tokens >= burst;
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
    }
}
