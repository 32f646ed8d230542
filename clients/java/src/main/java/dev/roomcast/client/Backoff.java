package dev.roomcast.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: attempt n waits a random time in [0, min(max, min * 2^n)). */
final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private int attempt;

    Backoff(Duration min, Duration max) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
    }

    long nextMillis() {
        long ceiling = Math.min(maxMillis, minMillis << Math.min(attempt, 20));
        attempt++;
        return ThreadLocalRandom.current().nextLong(Math.max(1, ceiling));
    }

    void reset() {
        attempt = 0;
    }
}
