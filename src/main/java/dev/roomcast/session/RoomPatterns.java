package dev.roomcast.session;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Room name patterns as grants and settings give them: {@code *} stands for any run of characters
 * ({@code team-*}, {@code *}); every other character matches itself.
 */
public final class RoomPatterns {

    private RoomPatterns() {
    }

    /** One alternation for all patterns, so a check is one match however many there are; null when there are none. */
    public static Pattern compile(Collection<String> patterns) {
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
