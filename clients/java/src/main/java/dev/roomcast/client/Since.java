package dev.roomcast.client;

/**
 * Where a stream was left: the last offset seen and the epoch naming its history, which the next connect resumes
 * from ({@code inbox_since}, {@code broadcast_since}). Save {@link RoomcastClient#inboxSince()} and give it to
 * {@link RoomcastOptions.Builder#inboxSince(Since)} of a later client (after a restart), so that what arrived
 * meanwhile is not missed.
 */
public record Since(long offset, String epoch) {

    /**
     * Everything the stream holds: the server replays all it holds for an epoch it does not know (its epochs are
     * random and never "new"; were one "new", after offset 0 is everything anyway).
     */
    public static final Since EVERYTHING_HELD = new Since(0, "new");

    public Since {
        if (offset < 0 || epoch == null || epoch.isEmpty() || epoch.length() > 64) {
            throw new IllegalArgumentException("a since is an offset >= 0 and an epoch of 1 to 64 characters, got "
                    + offset + ":" + epoch);
        }
    }

    /** {@code offset:epoch}, as the connect parameters take it. */
    @Override
    public String toString() {
        return offset + ":" + epoch;
    }
}
