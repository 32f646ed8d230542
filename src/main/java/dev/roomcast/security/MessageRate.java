package dev.roomcast.security;

/**
 * One connection's request rate. Over the rate a request is refused with rate_limited; a client
 * that keeps going (the abuse limit, counted in consecutive refusals) is closed with 1008.
 */
public final class MessageRate {

    public enum Verdict {
        ALLOW,
        LIMITED,
        ABUSE
    }

    private final TokenBucket bucket;
    private final int abuseLimit;
    private int refusedInARow; // one connection's requests are handled one at a time

    public MessageRate(int perSecond, int burst, int abuseLimit) {
        this.bucket = new TokenBucket(perSecond, burst);
        this.abuseLimit = abuseLimit;
    }

    public Verdict check() {
        if (bucket.tryTake()) {
            refusedInARow = 0;
            return Verdict.ALLOW;
        }
        return ++refusedInARow >= abuseLimit ? Verdict.ABUSE : Verdict.LIMITED;
    }
}
