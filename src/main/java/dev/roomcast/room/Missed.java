package dev.roomcast.room;

import java.util.ArrayList;
import java.util.List;

import dev.roomcast.cluster.History;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.session.Session;

/**
 * What a joiner (of a room, or of one of its streams) missed: the messages history held after its position, then
 * those that reached this instance before its commit, cut to what fits in the room its connection has for replays.
 */
record Missed(List<EncodedMessage> messages, boolean cut) {

    /** @param catchUp null when not all of them are at hand (the joiner misses some: not cut, but not recovered) */
    static Missed of(History.Replay replay, List<EncodedMessage> catchUp, Session joiner) {
        List<EncodedMessage> all = new ArrayList<>(replay.entries().size() + (catchUp == null ? 0 : catchUp.size()));
        replay.entries().forEach(entry -> all.add(entry.message()));
        if (catchUp != null) {
            all.addAll(catchUp);
        }
        int from = firstThatFits(all, joiner.replayRoom());
        return from > 0 ? new Missed(all.subList(from, all.size()), true) : new Missed(all, false);
    }

    /** The first of {@code missed} from which the rest fits in {@code room} bytes: replays not read yet are bounded. */
    private static int firstThatFits(List<EncodedMessage> missed, long room) {
        int from = missed.size();
        while (from > 0 && room >= missed.get(from - 1).size()) {
            room -= missed.get(--from).size();
        }
        return from;
    }
}
