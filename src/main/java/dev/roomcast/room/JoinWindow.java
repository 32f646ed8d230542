package dev.roomcast.room;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.session.Session;

/**
 * What one room on this instance holds while joins are in progress (reserved, not committed), so that each join
 * is given at its commit what reached the room in between: the history messages delivered after the position it
 * read, and the membership notices delivered after its reservation (see {@link MissedNotices}). Both buffers are
 * bounded and emptied when no join is pending. Also the room's last history position delivered here. Guarded by
 * the room's lock.
 */
final class JoinWindow {

    static final int MAX_HELD = 1024;

    /** Reserved joins not yet committed. */
    private int pending;
    /** The last history message delivered here: its epoch (null before the first) and offset. */
    private String lastEpoch;
    private long lastOffset;
    /** The history messages delivered while joins were pending, newest last. */
    private final ArrayDeque<Delivered> delivered = new ArrayDeque<>();
    /** The membership notices ({@code user_joined}, {@code user_left}) delivered while joins were pending, numbered. */
    private final ArrayDeque<Notice> notices = new ArrayDeque<>();
    private long noticesNumbered;
    /** Per pending join: the number of the last notice delivered before its reservation. */
    private final Map<Session, Long> noticesFrom = new HashMap<>();

    /** A history message delivered here, with its offset. */
    private record Delivered(long offset, EncodedMessage message) {
    }

    /** A membership notice delivered while joins were pending. */
    private record Notice(long number, EncodedMessage message) {
    }

    /**
     * The history messages a join that read up to a position is given at its commit, and the last offset it then
     * has (later ones reach it live).
     *
     * @param messages null when some of them are no longer at hand (the joiner would miss them)
     */
    record CatchUp(List<EncodedMessage> messages, long upTo) {
    }

    /** A join reserved its place. */
    void open(Session joiner) {
        pending++;
        noticesFrom.put(joiner, noticesNumbered);
    }

    /**
     * A join committed or was abandoned.
     *
     * @return the membership notices delivered since its reservation
     */
    List<EncodedMessage> close(Session joiner) {
        List<EncodedMessage> since = noticesSince(noticesFrom.remove(joiner));
        pending--;
        if (pending == 0) {
            delivered.clear();
            notices.clear();
        }
        return since;
    }

    boolean isOpen() {
        return pending > 0;
    }

    /** A history message was delivered here: kept while a join is pending. */
    void delivered(EncodedMessage message, long offset, String epoch) {
        if (lastEpoch != null && !lastEpoch.equals(epoch)) {
            delivered.clear(); // offsets of another history
        }
        lastEpoch = epoch;
        lastOffset = offset;
        if (pending > 0) {
            if (delivered.size() == MAX_HELD) {
                delivered.removeFirst();
            }
            delivered.addLast(new Delivered(offset, message));
        } else if (!delivered.isEmpty()) {
            delivered.clear();
        }
    }

    /** A membership notice was delivered here: kept while a join is pending. */
    void noticeDelivered(EncodedMessage notice) {
        if (pending == 0) {
            return;
        }
        if (notices.size() == MAX_HELD) {
            notices.removeFirst();
        }
        notices.addLast(new Notice(++noticesNumbered, notice));
    }

    /** What a join that read history up to {@code offset} of {@code epoch} is given at its commit. */
    CatchUp catchUpAfter(String epoch, long offset) {
        List<EncodedMessage> after = deliveredAfter(epoch, offset);
        long upTo = after != null ? offset + after.size() : epoch.equals(lastEpoch) ? lastOffset : offset;
        return new CatchUp(after, upTo);
    }

    /** The history messages delivered here after that position, if all of them are still kept; else null. */
    private List<EncodedMessage> deliveredAfter(String epoch, long offset) {
        if (lastEpoch == null || !lastEpoch.equals(epoch) || lastOffset <= offset) {
            return lastEpoch == null || lastEpoch.equals(epoch) ? List.of() : null;
        }
        List<EncodedMessage> after = new ArrayList<>();
        long expected = offset + 1;
        for (Delivered message : delivered) {
            if (message.offset() <= offset) {
                continue;
            }
            if (message.offset() != expected) {
                return null; // not all at hand (evicted, or never delivered here): the caller reads history again
            }
            after.add(message.message());
            expected++;
        }
        return expected == lastOffset + 1 ? after : null;
    }

    private List<EncodedMessage> noticesSince(Long from) {
        if (from == null || notices.isEmpty()) {
            return List.of();
        }
        List<EncodedMessage> since = new ArrayList<>();
        for (Notice notice : notices) {
            if (notice.number() > from) {
                since.add(notice.message());
            }
        }
        return since;
    }
}
