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
    private final int byteBurst;
    private final int abuseLimit;
    /** A frame of the message now arriving was over the byte rate. */
    private boolean overBytes;
    private int refusals; // one connection's requests are handled one at a time
    private long lastRefusalNanos;

    public MessageRate(int perSecond, int burst, int bytesPerSecond, int byteBurst, int abuseLimit) {
        this.bucket = new TokenBucket(perSecond, burst);
        this.bytes = new TokenBucket(bytesPerSecond, byteBurst);
        this.byteBurst = byteBurst;
        this.abuseLimit = abuseLimit;
    }

    /**
     * The bytes of a data frame (text, binary or continuation), charged as it arrives, before Vert.x reads it:
     * when they are over the byte rate, the message they belong to is refused whole by {@link #check()}.
     * A frame larger than the byte burst takes a full bucket.
     */
    public void bytes(int size) {
        if (size > 0 && !bytes.tryTake(Math.min(size, byteBurst))) {
            overBytes = true;
        }
    }

    /** A whole message, when it has arrived: its token, and the verdict on its bytes. */
    public Verdict check() {
        boolean allowed = bucket.tryTake() & !overBytes;
        overBytes = false;
        return allowed ? Verdict.ALLOW : refused();
    }

    /** A control or continuation frame: its token. */
    public Verdict checkFrame() {
        return bucket.tryTake() ? Verdict.ALLOW : refused();
    }

    private Verdict refused() {
        long now = System.nanoTime();
        if (now - lastRefusalNanos > QUIET_NANOS) {
            refusals = 0; // it behaved for a second: start counting afresh
        }
        lastRefusalNanos = now;
        return ++refusals >= abuseLimit ? Verdict.ABUSE : Verdict.LIMITED;
    }
}
