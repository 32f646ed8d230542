package dev.roomcast.security;

/**
 * One connection's request rate, in frames (every frame a client sends, control frames included) and in
 * bytes of text. Over either a request is refused with rate_limited; a client
 * that keeps going is closed with 1008 once it has collected the abuse limit in refusals with no
 * refusal-free second in between. (Counting refusals in a row would let a client sending at ten
 * times the rate through: every tenth request gets a token and would reset the count.)
 */
public final class MessageRate {

    private static final long QUIET_NANOS = 1_000_000_000L;

    public enum Verdict {
        ALLOW,
        LIMITED,
        ABUSE
    }

    private final TokenBucket bucket;
    private final TokenBucket bytes;
    private final int abuseLimit;
    private int refusals; // one connection's requests are handled one at a time
    private long lastRefusalNanos;

    public MessageRate(int perSecond, int burst, int bytesPerSecond, int byteBurst, int abuseLimit) {
        this.bucket = new TokenBucket(perSecond, burst);
        this.bytes = new TokenBucket(bytesPerSecond, byteBurst);
        this.abuseLimit = abuseLimit;
    }

    /** One frame carrying {@code size} bytes of text (0 for control frames). */
    public Verdict check(int size) {
        if (bucket.tryTake() && (size == 0 || bytes.tryTake(size))) {
            return Verdict.ALLOW;
        }
        long now = System.nanoTime();
        if (now - lastRefusalNanos > QUIET_NANOS) {
            refusals = 0; // it behaved for a second: start counting afresh
        }
        lastRefusalNanos = now;
        return ++refusals >= abuseLimit ? Verdict.ABUSE : Verdict.LIMITED;
    }
}
