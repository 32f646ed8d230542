package dev.roomcast.cluster.redis;

import java.util.ArrayList;
import java.util.List;

import dev.roomcast.cluster.Presence.Roster;
import io.vertx.redis.client.Response;

/** Reads the presence scripts' answers (see {@link PresenceScripts}). */
final class PresenceReplies {

    private PresenceReplies() {
    }

    /** {count, 1 and the members while listable, else 0 and none}, as the scripts' roster function answers. */
    static Roster roster(Response count, Response listed, Response members) {
        return new Roster(count.toLong(), listed.toInteger() == 1 ? strings(members) : null);
    }

    static List<String> strings(Response array) {
        List<String> out = new ArrayList<>(array == null ? 0 : array.size());
        if (array != null) {
            for (Response item : array) {
                out.add(item.toString());
            }
        }
        return out;
    }
}
