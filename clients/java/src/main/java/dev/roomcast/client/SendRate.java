package dev.roomcast.client;

/**
 * Token buckets for the client's room messages, one counting messages and one their bytes, so that a
 * backlog stays under the server's request and byte rates. Used on the client's thread only.
 */
final class SendRate {

    private final Bucket messages;
    private final Bucket bytes;

    SendRate(double perSecond, int burst, double bytesPerSecond, int byteBurst) {
        this.messages = new Bucket(perSecond, burst);
        this.bytes = new Bucket(bytesPerSecond, byteBurst);
    }

    /** Takes what a message of about {@code size} bytes costs and returns 0, or how long until it can (taking nothing). */
    long waitNanos(int size) {
        long now = System.nanoTime();
        double cost = Math.min(size, bytes.burst); // a message over the burst goes when the bucket is full
        long wait = Math.max(messages.waitNanos(now, 1), bytes.waitNanos(now, cost));
        if (wait == 0) {
            messages.tokens -= 1;
            bytes.tokens -= cost;
        }
        return wait;
    }

    private static final class Bucket {
        private final double perNano;
        private final double burst;
        private double tokens;
        private long at = System.nanoTime();

        Bucket(double perSecond, double burst) {
            this.perNano = perSecond / 1e9;
            this.burst = burst;
            this.tokens = burst;
        }

        long waitNanos(long now, double cost) {
            tokens = Math.min(burst, tokens + (now - at) * perNano);
            at = now;
            return tokens >= cost ? 0 : (long) Math.ceil((cost - tokens) / perNano);
        }
    }
}
