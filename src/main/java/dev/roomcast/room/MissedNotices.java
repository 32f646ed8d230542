package dev.roomcast.room;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.MessageType;
import dev.roomcast.session.Session;

/**
 * The membership notices a joiner could have missed: delivered between its reservation and its commit, while its
 * presence answer may already have been given and its connection was not yet among the recipients (a user joining
 * on another instance at the same moment). Given after its {@code joined} (and after any replayed messages), only
 * where they change the member list it was told of: the catch-up never repeats that list, and a leave of someone
 * it was not told of is dropped. A joiner told only a count (a big room) gets none: its count may be off by those,
 * as documented. The buffer is bounded (see Room); a joiner that waited through more notices misses the oldest.
 */
final class MissedNotices {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MissedNotices() {
    }

    static boolean isMembershipNotice(EncodedMessage message) {
        return message.type() == MessageType.USER_JOINED || message.type() == MessageType.USER_LEFT;
    }

    /** @param told the members listed in the joiner's {@code joined} (null: a count only) */
    static void send(Session joiner, List<String> told, List<EncodedMessage> notices) {
        if (told == null || notices.isEmpty()) {
            return;
        }
        Set<String> members = new HashSet<>(told);
        for (EncodedMessage notice : notices) {
            String user = userOf(notice);
            if (user == null || user.equals(joiner.user())) {
                continue; // never told about itself
            }
            boolean changes = notice.type() == MessageType.USER_JOINED ? members.add(user) : members.remove(user);
            if (changes) {
                joiner.send(notice);
            }
        }
    }

    private static String userOf(EncodedMessage notice) {
        try {
            return JSON.readTree(notice.utf8()).path("user").asText(null);
        } catch (IOException e) {
            throw new UncheckedIOException("a notice we encoded ourselves did not parse", e);
        }
    }
}
