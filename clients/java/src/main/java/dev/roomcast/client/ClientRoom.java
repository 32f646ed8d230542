package dev.roomcast.client;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.client.RoomcastListener.Presence;

/** A room the client is in: members as far as known, and where its history was left and read. Used on the client's thread. */
final class ClientRoom {

    final String name;
    final Position position = new Position();
    Set<String> members = new LinkedHashSet<>();
    long count;
    boolean complete = true;
    boolean joined;
    boolean joinInFlight;
    /** The {@code since} of the join in flight, or null. */
    Since asked;
    CompletableFuture<Presence> firstJoin = new CompletableFuture<>();

    ClientRoom(String name) {
        this.name = name;
    }

    /**
     * Applies a {@code joined} reply: the history's position (a room replays nothing from another epoch) and the
     * user's read position in it. Returns the presence change against what was known before.
     */
    Presence joined(JsonNode m) {
        Set<String> before = members;
        if (m.has("members")) {
            members = new LinkedHashSet<>();
            m.get("members").forEach(u -> members.add(u.asText()));
            complete = true;
        } else {
            members = new LinkedHashSet<>();
            complete = false;
        }
        count = m.path("member_count").asLong(members.size());
        if (m.has("offset")) {
            position.readAt(m.hasNonNull("read_offset") ? m.get("read_offset").asLong() : null, m.path("epoch").asText(null));
        }
        joined = true;
        List<String> in = new ArrayList<>();
        members.forEach(u -> {
            if (!before.contains(u)) {
                in.add(u);
            }
        });
        List<String> out = new ArrayList<>();
        if (complete) {
            before.forEach(u -> {
                if (!members.contains(u)) {
                    out.add(u);
                }
            });
        }
        return presence(in, out);
    }

    Presence change(List<String> in, List<String> out) {
        members.addAll(in);
        members.removeAll(out);
        count = complete ? members.size() : Math.max(0, count + in.size() - out.size());
        return presence(in, out);
    }

    Presence diff(JsonNode m) {
        count = m.path("count").asLong(count);
        if (m.has("unlisted")) {
            complete = false; // too many changes to name: the count is right, the names are not known
            return presence(List.of(), List.of());
        }
        List<String> in = new ArrayList<>();
        m.path("joined").forEach(u -> in.add(u.asText()));
        List<String> out = new ArrayList<>();
        m.path("left").forEach(u -> out.add(u.asText()));
        members.addAll(in);
        members.removeAll(out);
        return presence(in, out);
    }

    Presence presence(List<String> in, List<String> out) {
        return new Presence(name, Set.copyOf(members), count, complete, List.copyOf(in), List.copyOf(out));
    }
}
