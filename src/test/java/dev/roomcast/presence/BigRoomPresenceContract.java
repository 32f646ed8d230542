package dev.roomcast.presence;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * Presence that scales with the change, not the room, with {@code presence.max-members-listed=3},
 * {@code diff-interval=200ms} and quiet rooms {@code quiet-*}: small rooms list members and announce each
 * join; big rooms give a count, page their members, and announce joins and leaves in coalesced diffs.
 */
public abstract class BigRoomPresenceContract {

    @TestHTTPResource("/ws")
    protected URI ws;

    @Test
    void aSmallRoomListsItsMembersAndAnnouncesEachJoin() {
        String room = unique("small");
        try (WsClient a = join(room, "a"); WsClient b = join(room, "b")) {
            JsonNode joined = b.next("joined");
            assertEquals(2, joined.get("member_count").asInt());
            assertEquals(2, joined.get("members").size());
            a.next("joined");
            assertEquals(b.user(), a.next("user_joined").get("user").asText());
        }
    }

    @Test
    void aBigRoomGivesACountPagesItsMembersAndCoalescesNotices() {
        String room = unique("big");
        List<WsClient> members = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                WsClient member = join(room, "m" + i);
                member.next("joined");
                members.add(member);
            }
            WsClient watcher = members.get(0);
            // m1 and m2 joined a small room (one notice each); m3 made it big: its join comes in a diff.
            String m3 = members.get(3).user();
            while (true) {
                JsonNode frame = watcher.next();
                if (frame.path("type").asText().equals("presence_diff") && frame.get("joined").toString().contains(m3)) {
                    break;
                }
            }
            try (WsClient late = join(room, "late")) {
                JsonNode joined = late.next("joined");
                assertEquals(5, joined.get("member_count").asInt(), joined::toString);
                assertFalse(joined.has("members"), "a big room is counted, not listed: " + joined);

                // Paging in user id order through the whole room.
                Set<String> paged = new HashSet<>();
                String after = null;
                int pages = 0;
                do {
                    if (after == null) {
                        late.send("type", "members", "room", room, "limit", 2, "ref", "p" + pages);
                    } else {
                        late.send("type", "members", "room", room, "limit", 2, "after", after, "ref", "p" + pages);
                    }
                    JsonNode page = late.skipTo("members");
                    assertEquals("p" + pages, page.get("ref").asText());
                    page.get("users").forEach(u -> assertTrue(paged.add(u.asText()), "a member on two pages"));
                    after = page.has("next") ? page.get("next").asText() : null;
                    pages++;
                } while (after != null);
                assertEquals(5, paged.size());
                assertEquals(3, pages);

                // The join of "late" and the leave of m3 reach the others as diffs, not per-event notices.
                members.remove(3).close();
                Set<String> joinedSeen = new HashSet<>();
                Set<String> leftSeen = new HashSet<>();
                long count = -1;
                while (!joinedSeen.contains(late.user()) || !leftSeen.contains(m3)) {
                    JsonNode frame = watcher.next();
                    String type = frame.path("type").asText();
                    assertFalse(type.equals("user_joined") || type.equals("user_left"), "a per-event notice: " + frame);
                    if (type.equals("presence_diff")) {
                        frame.get("joined").forEach(u -> joinedSeen.add(u.asText()));
                        frame.get("left").forEach(u -> leftSeen.add(u.asText()));
                        count = frame.get("count").asLong();
                    }
                }
                assertEquals(4, count, "the count after the changes");
            }
        } finally {
            members.forEach(WsClient::close);
        }
    }

    @Test
    void aMemberSetKeptFromNoticesStaysRightWhileTheRoomCrossesTheLimit() {
        String room = unique("churn");
        Map<String, WsClient> open = new LinkedHashMap<>();
        try (WsClient watcher = join(room, "w")) {
            Set<String> known = new HashSet<>();
            watcher.next("joined").get("members").forEach(u -> known.add(u.asText()));
            String[] names = new String[6];
            for (int i = 0; i < names.length; i++) { // up to 7 members: over the limit of 3, then back under it
                WsClient c = join(room, "c" + i);
                c.next("joined");
                names[i] = c.user();
                open.put(names[i], c);
            }
            for (int i = 0; i < 4; i++) {
                open.remove(names[i]).close();
            }
            WsClient again = WsClient.connect(ws, "id=" + names[0] + "&room=" + room); // back at once
            again.next("joined");
            open.put(names[0], again);
            // Apply every notice in arrival order until the set matches the room (diffs come within 200 ms).
            Set<String> actual = new HashSet<>(open.keySet());
            actual.add(watcher.user());
            await("the member set kept from the notices to match the room").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        watcher.send("type", "ping", "ref", "p");
                        for (JsonNode f : watcher.receivedUntil("pong")) {
                            switch (f.path("type").asText()) {
                                case "user_joined" -> known.add(f.get("user").asText());
                                case "user_left" -> known.remove(f.get("user").asText());
                                case "presence_diff" -> {
                                    f.get("joined").forEach(u -> known.add(u.asText()));
                                    f.get("left").forEach(u -> known.remove(u.asText()));
                                }
                                default -> {
                                }
                            }
                        }
                        return known.equals(actual);
                    });
            assertEquals(actual, known, "the member set a client keeps from the notices");
        } finally {
            open.values().forEach(WsClient::close);
        }
    }

    @Test
    void aQuietRoomAnnouncesNothing() {
        String room = "quiet-" + unique("r");
        try (WsClient a = join(room, "a")) {
            a.next("joined");
            try (WsClient b = join(room, "b")) {
                assertEquals(2, b.next("joined").get("member_count").asInt());
            }
            a.send("type", "ping", "ref", "end");
            assertTrue(a.receivedUntil("pong").stream().noneMatch(f -> f.path("type").asText().startsWith("user_")
                    || f.path("type").asText().equals("presence_diff")), "a quiet room announces nothing");
        }
    }

    @Test
    void listingMembersNeedsMembership() {
        try (WsClient outsider = WsClient.connect(ws, "id=" + unique("o"))) {
            outsider.send("type", "members", "room", unique("r"), "ref", 1);
            assertEquals("not_member", outsider.next("error").get("code").asText());
            outsider.send("type", "members", "room", unique("r"), "limit", 0, "ref", 2);
            assertEquals("invalid_message", outsider.next("error").get("code").asText());
        }
    }

    private WsClient join(String room, String name) {
        return WsClient.connect(ws, "id=" + unique(name) + "&room=" + room);
    }
}
