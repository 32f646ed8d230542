package dev.roomcast.session;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one connection may do: the rooms it may join, the rooms it may publish to, whether it may
 * broadcast and whether it may send private messages. Rooms are given as patterns where {@code *} stands for any run of characters
 * ({@code team-*}, {@code *}); every other character matches itself.
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
        this.join = compile(joinPatterns);
        this.publish = compile(publishPatterns);
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

    /** One alternation for all patterns, so a check is one match however many patterns a token lists. */
    private static Pattern compile(Collection<String> patterns) {
        StringBuilder regex = new StringBuilder();
        for (String glob : patterns) {
            if (glob.isBlank()) {
                continue;
            }
            if (regex.length() > 0) {
                regex.append('|');
            }
            String[] literals = glob.trim().split("\\*", -1);
            for (int i = 0; i < literals.length; i++) {
                if (i > 0) {
                    regex.append(".*");
                }
                if (!literals[i].isEmpty()) {
                    regex.append(Pattern.quote(literals[i]));
                }
            }
        }
        return regex.length() == 0 ? null : Pattern.compile(regex.toString());
    }
}
