package dev.roomcast.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the client is in one stream of offsets (a room's history, the user's inbox, the broadcast stream): the last
 * offset it saw and the epoch naming that history, which it resumes from; the latest offset it knows of; and where
 * the user stopped reading, from which the unread count follows. Changed on the client's thread only; {@link #since()}
 * may be read from any thread.
 */
final class Position {

    /** What a resume gave: whether the server filled the gap, and how many were missed (null when not known). */
    record Resumption(boolean recovered, Long missed) {
    }

    /** The last offset seen, and its epoch: null after the stream started again under an open connection. */
    private Long offset;
    private String epoch;
    /** Where the next connect resumes from, kept with every move of the two above for other threads to read. */
    private volatile Since since;
    private Long latest;
    private Long readOffset;
    private String readEpoch;
    /** While the server replays what was missed: the last offset of that replay (null when none is under way). */
    private Long replayEnd;

    /** Starts from a position saved earlier (by another client object), or from the start when null. */
    Position(Since seed) {
        if (seed != null) {
            moveTo(seed.offset(), seed.epoch());
        }
    }

    Position() {
        this(null);
    }

    /**
     * The position to resume from, or null before one is known; {@link Since#EVERYTHING_HELD} when the epoch is not
     * known (the stream started again under an open connection).
     */
    Since since() {
        return since;
    }

    String epoch() {
        return epoch;
    }

    /** The highest offset known: the stream's latest at (re)connect or join, or a later message. */
    Long latest() {
        return latest;
    }

    /**
     * The server's answer at a (re)connect or join: the stream's latest {@code offset} and {@code epoch}, and whether
     * {@code since} (what was asked) was {@code recovered}. What was missed is replayed next, so within the same epoch
     * the position stays at {@code since}. In another epoch a room replays nothing, while the inbox and the broadcasts
     * replay all they hold ({@code replaysOtherEpoch}): from the start, then. Without an offset the position is
     * unknown and stays as it was, so the next connect asks for the same {@code since} again.
     *
     * @return for a {@code since}, what the resume gave; else null
     */
    Resumption resume(JsonNode info, Since asked, boolean replaysOtherEpoch) {
        boolean known = info.hasNonNull("offset") && info.hasNonNull("epoch");
        long infoOffset = info.path("offset").asLong();
        String infoEpoch = info.path("epoch").asText(null);
        boolean sameHistory = known && asked != null && infoEpoch.equals(asked.epoch());
        if (known) {
            long from = sameHistory ? asked.offset() : asked != null && replaysOtherEpoch ? 0L : infoOffset;
            moveTo(from, infoEpoch);
            latest = infoOffset;
            replayEnd = from < infoOffset ? infoOffset : null;
        }
        if (asked == null) {
            return null;
        }
        return new Resumption(info.path("recovered").asBoolean(false), sameHistory ? infoOffset - asked.offset() : null);
    }

    /**
     * A message at this offset arrived: false only for a certain repeat, the offset just seen again while the server
     * replays (it promises no duplicate where its replay meets live traffic). An offset not above the last one
     * otherwise means the stream started again (its history lost: unused for its ttl, Redis flushed or failed over)
     * under this connection: the message is new, and the epoch it counts in unknown, so the next connect asks for
     * everything held.
     */
    boolean seen(Long messageOffset) {
        if (messageOffset == null) {
            return true; // history off: nothing to track
        }
        if (replayEnd != null) {
            if (messageOffset.equals(offset)) {
                return false;
            }
            if (messageOffset >= replayEnd) {
                replayEnd = null; // the replay is over
            }
        }
        if (offset != null && messageOffset <= offset) {
            moveTo(messageOffset, null);
            latest = messageOffset;
            replayEnd = null;
        } else {
            moveTo(messageOffset, epoch);
            if (latest == null || messageOffset > latest) {
                latest = messageOffset;
            }
        }
        return true;
    }

    /** The user's read position as the server last told it; a null offset: never read, or read in another epoch. */
    void readAt(Long at, String inEpoch) {
        readOffset = at;
        readEpoch = at == null ? null : inEpoch;
    }

    /**
     * Messages after the read position: null while that is unknown or counts in another history (a read position
     * stored without an epoch counts in any).
     */
    Long unread() {
        if (readOffset == null || latest == null || readEpoch != null && !readEpoch.equals(epoch)) {
            return null;
        }
        return Math.max(0, latest - readOffset);
    }

    private void moveTo(long newOffset, String newEpoch) {
        offset = newOffset;
        epoch = newEpoch;
        since = newEpoch == null ? Since.EVERYTHING_HELD : new Since(newOffset, newEpoch);
    }
}
