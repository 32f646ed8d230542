package dev.roomcast.webhook;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: before retry n (from 1) wait a random time in [0, min(max, min × 2^(n-1))],
 * so many instances retrying one recovering receiver spread out instead of arriving together.
 */
record Backoff(long minMillis, long maxMillis) {

    long delayMillis(int retry) {
        long cap = minMillis << Math.min(Math.max(0, retry - 1), 30);
        if (cap <= 0 || cap > maxMillis) {
            cap = maxMillis;
        }
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }
}
