package dev.roomcast.client;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the client is in one stream of offsets (a room's history, the user's inbox, the broadcast stream): the last
 * offset it saw and the epoch naming that history, which it resumes from; the latest offset it knows of; and where
 * the user stopped reading, from which the unread count follows. Used on the client's thread only.
 */
final class Position {

    /** Where to resume from: the last offset seen and its epoch. */
    record Since(long offset, String epoch) {
        @Override
        public String toString() {
            return offset + ":" + epoch;
        }
    }

    /** What a resume gave: whether the server filled the gap, and how many were missed (null when not known). */
    record Resumption(boolean recovered, Long missed) {
    }

    private Long offset;
    private String epoch;
    private Long latest;
    private Long readOffset;
    private String readEpoch;

    /** The position to resume from, or null before one is known. */
    Since since() {
        return offset != null && epoch != null ? new Since(offset, epoch) : null;
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
        if (known) {
            String newEpoch = info.get("epoch").asText();
            boolean sameHistory = asked != null && newEpoch.equals(asked.epoch());
            offset = sameHistory ? asked.offset() : asked != null && replaysOtherEpoch ? 0L : info.get("offset").asLong();
            epoch = newEpoch;
            latest = info.get("offset").asLong();
        }
        if (asked == null) {
            return null;
        }
        Long missed = known && info.get("epoch").asText().equals(asked.epoch()) ? info.get("offset").asLong() - asked.offset()
                : null;
        return new Resumption(info.path("recovered").asBoolean(false), missed);
    }

    /** A message at this offset arrived: false when it was seen already (a replay overlapping live traffic). */
    boolean seen(Long messageOffset) {
        if (messageOffset == null) {
            return true; // history off: nothing to track
        }
        if (offset != null && messageOffset <= offset) {
            return false;
        }
        offset = messageOffset;
        if (latest == null || messageOffset > latest) {
            latest = messageOffset;
        }
        return true;
    }

    /** The user's read position as the server last told it; a null offset: never read, or read in another epoch. */
    void readAt(Long at, String inEpoch) {
        readOffset = at;
        readEpoch = at == null ? null : inEpoch;
    }

    /** Messages after the read position: null while that is unknown or counts in another history. */
    Long unread() {
        if (readOffset == null || latest == null || !Objects.equals(readEpoch, epoch)) {
            return null;
        }
        return Math.max(0, latest - readOffset);
    }
}
