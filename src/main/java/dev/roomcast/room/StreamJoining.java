package dev.roomcast.room;

import java.util.List;

import dev.roomcast.cluster.History;
import dev.roomcast.cluster.Presence;
import dev.roomcast.protocol.ClientMessage.Since;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.HistoryPosition;
import dev.roomcast.protocol.StreamState;
import dev.roomcast.session.Session;

/**
 * A connection starting to follow one of its streams (the user's inbox, the broadcasts; see {@code Streams}): a join
 * with {@code since} as for a room, without presence, whose position goes to {@link OnCommit} instead of a
 * {@code joined}. Unlike a room, a since from another epoch gets everything the stream holds: a private message or
 * a broadcast kept after the old history was lost is still one the client has not seen.
 */
final class StreamJoining {

    /** Told of the stream's state at the commit, under its lock, before its replay is queued. */
    @FunctionalInterface
    interface OnCommit {
        void committed(StreamState state);
    }

    final Session session;
    final String stream;
    final Since since;
    private final OnCommit onCommit;
    private final RoomEvents.OnLeave onLeave;
    /** What was read from history, once it was. */
    History.Replay replay;

    StreamJoining(Session session, String stream, Since since, OnCommit onCommit, RoomEvents.OnLeave onLeave) {
        this.session = session;
        this.stream = stream;
        this.since = since;
        this.onCommit = onCommit;
        this.onLeave = onLeave;
    }

    /** Where the next read starts: after the since, or from the start once the stream turned out to be in another epoch. */
    long readAfter(History.Replay previous) {
        if (since == null) {
            return -1;
        }
        return previous != null && !previous.position().epoch().equals(since.epoch()) ? 0 : since.offset();
    }

    /** Whether {@code read} came from the since's offset of another epoch: read again from the start. */
    boolean mustReadAll(History.Replay read, long readAfter) {
        return since != null && readAfter != 0 && !read.position().epoch().equals(since.epoch());
    }

    /** History could not be read: no position, nothing recovered. */
    List<String> unread(Presence.Roster local) {
        onCommit.committed(new StreamState(null, since == null ? null : false, null));
        return null;
    }

    /** The position, then what the client missed (the history read and what reached this instance since). */
    List<String> fromHistory(Presence.Roster local, List<EncodedMessage> catchUp, long upTo) {
        HistoryPosition read = replay.position();
        if (since == null && catchUp != null) { // the position read, then what came since: a private is never skipped
            onCommit.committed(new StreamState(read, null, null));
            session.replay(catchUp);
            return null;
        }
        Boolean recovered = since == null ? null : replay.covers(since.offset(), since.epoch()) && catchUp != null;
        List<EncodedMessage> missed = List.of();
        if (since != null) {
            Missed kept = Missed.of(replay, catchUp, session);
            missed = kept.messages();
            if (kept.cut()) { // replays the client has not read yet fill its room for them: the newest, and not recovered
                recovered = false;
            }
        }
        onCommit.committed(new StreamState(new HistoryPosition(upTo, read.epoch()), recovered, null));
        session.replay(missed);
        return null;
    }

    void gone(boolean lastOfUser, boolean roomRemoved) {
        onLeave.left(lastOfUser, roomRemoved);
    }
}
