package dev.roomcast.room;

import java.util.List;

import dev.roomcast.cluster.History;
import dev.roomcast.cluster.Notices;
import dev.roomcast.cluster.Presence;
import dev.roomcast.cluster.ReadPositions;
import dev.roomcast.protocol.ClientMessage.Since;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.HistoryPosition;
import dev.roomcast.protocol.RawJson;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.session.Session;

/**
 * One join in progress (see {@link Membership#join}): what the cluster and the room's history said, and
 * what the joiner and the members are sent at the commit, under the room's lock.
 */
final class Joining {

    final Session session;
    final String room;
    final Since since;
    final RawJson ref;
    /** The user's read position in the room (null: none). */
    private final ReadPositions.Position read;
    private final Presence.Membership cluster;
    private final boolean firstHere;
    private final Notices notices;
    private final RoomEvents.OnLeave onLeave;
    /** What was read from history, once it was. */
    History.Replay replay;

    /**
     * @param cluster presence's answer, or null when Redis could not say
     * @param firstHere the user's first connection in the room on this instance
     * @param onLeave the join was abandoned (the connection closed meanwhile)
     */
    Joining(Session session, String room, Since since, RawJson ref, ReadPositions.Position read,
            Presence.Membership cluster, boolean firstHere, Notices notices, RoomEvents.OnLeave onLeave) {
        this.read = read;
        this.session = session;
        this.room = room;
        this.since = since;
        this.ref = ref;
        this.cluster = cluster;
        this.firstHere = firstHere;
        this.notices = notices;
        this.onLeave = onLeave;
    }

    /**
     * {@code joined} without a history position: history is off, or could not be read (nothing recovered).
     * @return the members listed in it (null: only counted)
     */
    List<String> joined(Presence.Roster local) {
        Presence.Roster roster = roster(local);
        session.send(new ServerMessage.Joined(room, roster.members(), roster.count(), null, since == null ? null : false,
                ref));
        announce();
        return roster.members();
    }

    /**
     * {@code joined} with the position, the missed messages from history, then those that reached this instance
     * after history was read ({@code catchUp}; null when not all are at hand, so the gap is reported).
     * @return the members listed in it (null: only counted)
     */
    List<String> joinedFromHistory(Presence.Roster local, List<EncodedMessage> catchUp, long upTo) {
        HistoryPosition read = replay.position();
        boolean sameHistory = since != null && read.epoch().equals(since.epoch());
        Boolean recovered = since == null ? null : replay.covers(since.offset(), since.epoch()) && catchUp != null;
        List<EncodedMessage> missed = List.of();
        if (sameHistory) {
            Missed kept = Missed.of(replay, catchUp, session);
            missed = kept.messages();
            if (kept.cut()) { // replays the client has not read yet fill its room for them: the newest, and not recovered
                recovered = false;
            }
        }
        Presence.Roster roster = roster(local);
        session.send(new ServerMessage.Joined(room, roster.members(), roster.count(), new HistoryPosition(upTo, read.epoch()),
                recovered, ReadMarks.offsetIn(this.read, read.epoch()), ref));
        session.replay(missed); // as fast as the client reads: a long replay is not a slow consumer
        announce();
        return roster.members();
    }

    void gone(boolean lastOfUser, boolean roomRemoved) {
        onLeave.left(lastOfUser, roomRemoved);
    }

    /** The cluster's view when Redis answered, else this instance's. */
    private Presence.Roster roster(Presence.Roster local) {
        return cluster != null ? cluster.roster() : local;
    }

    /** The members hear of a user new to the room everywhere (or, without Redis, new here). */
    private void announce() {
        if (cluster != null ? cluster.newMember() : firstHere) {
            notices.joined(room, session.user(), cluster != null ? cluster.roster().count() : -1);
        }
    }
}
