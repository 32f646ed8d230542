package dev.roomcast.session;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one connection may do: the rooms it may join, the rooms it may publish to, whether it may
 * broadcast and whether it may send private messages. Rooms are given as {@link RoomPatterns}.
 */
public final class RoomGrants {

    /** Everything allowed: the grants of every connection when authentication is off. */
    public static final RoomGrants ALL = new RoomGrants(List.of("*"), List.of("*"), true, true);

    private final Pattern join;
    private final Pattern publish;
    private final boolean broadcast;
    private final boolean privateMessages;

    public RoomGrants(Collection<String> joinPatterns, Collection<String> publishPatterns, boolean broadcast,
            boolean privateMessages) {
        this.join = RoomPatterns.compile(joinPatterns);
        this.publish = RoomPatterns.compile(publishPatterns);
        this.broadcast = broadcast;
        this.privateMessages = privateMessages;
    }

    public boolean mayJoin(String room) {
        return join != null && join.matcher(room).matches();
    }

    public boolean mayPublish(String room) {
        return publish != null && publish.matcher(room).matches();
    }

    public boolean mayBroadcast() {
        return broadcast;
    }

    public boolean maySendPrivate() {
        return privateMessages;
    }
}
