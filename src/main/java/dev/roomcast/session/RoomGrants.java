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
        this(RoomPatterns.compile(joinPatterns), RoomPatterns.compile(publishPatterns), broadcast, privateMessages);
    }

    private RoomGrants(Pattern join, Pattern publish, boolean broadcast, boolean privateMessages) {
        this.join = join;
        this.publish = publish;
        this.broadcast = broadcast;
        this.privateMessages = privateMessages;
    }

    /** The same grants with other rooms (the connect hook's); a null list keeps these grants' rooms. */
    public RoomGrants withRooms(Collection<String> joinPatterns, Collection<String> publishPatterns) {
        return new RoomGrants(joinPatterns == null ? join : RoomPatterns.compile(joinPatterns),
                publishPatterns == null ? publish : RoomPatterns.compile(publishPatterns), broadcast, privateMessages);
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
