package dev.roomcast.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.vertx.core.Future;

/**
 * What every {@link Presence} must do for the instance it runs on. Each implementation's test extends
 * this; what only a shared presence does (several instances, expiry) is tested where it exists.
 */
public abstract class PresenceContractTest {

    /** Every transition any instance of the test heard, as "joined room user count" or "left room user count". */
    protected final List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** What each implementation under test is given to report its transitions to. */
    protected final Transitions transitions = new Transitions() {
        @Override
        public void joined(String room, String user, long count) {
            heard.add("joined " + room + " " + user + " " + count);
        }

        @Override
        public void left(String room, String user, long count) {
            heard.add("left " + room + " " + user + " " + count);
        }
    };

    /** One instance's presence, whose local truth (for a re-sync) is {@code local}; it reports to {@link #transitions}. */
    protected abstract Presence newPresence(LocalMembers local);

    protected Presence newPresence() {
        return newPresence(Map::of);
    }

    protected static <T> T complete(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    /** Rooms with more members than this are counted, not listed, in every implementation under test. */
    protected static final int LIST_LIMIT = 3;

    protected static Set<String> members(Presence presence, String room) {
        return new HashSet<>(complete(presence.roster(room)).members());
    }

    @Test
    void theFirstAddMakesANewMemberAndReportsTheMembers() {
        Presence presence = newPresence();
        Presence.Membership alice = complete(presence.add("r", "alice"));
        assertTrue(alice.newMember());
        assertEquals(List.of("alice"), alice.roster().members());
        Presence.Membership bob = complete(presence.add("r", "bob"));
        assertTrue(bob.newMember());
        assertEquals(Set.of("alice", "bob"), new HashSet<>(bob.roster().members()));
        assertEquals(Set.of("alice", "bob"), members(presence, "r"));
    }

    @Test
    void roomsAreListedByPrefixWithTheirCountsEachOnceAcrossPages() {
        Presence presence = newPresence();
        for (int i = 0; i < 25; i++) {
            String room = "team-" + (char) ('a' + i) + "*"; // a glob character in a name must match only itself
            for (int m = 0; m <= i % 3; m++) {
                complete(presence.add(room, "u" + m));
            }
        }
        complete(presence.add("other", "u0"));
        complete(presence.add("team-gone", "u0"));
        complete(presence.remove("team-gone", "u0"));
        Map<String, Long> listed = new java.util.HashMap<>();
        String cursor = null;
        int pages = 0;
        do {
            Presence.RoomPage page = complete(presence.rooms("team-", cursor, 10));
            page.rooms().forEach(r -> assertNull(listed.put(r.room(), r.count()), r.room() + " on two pages"));
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 100);
        assertEquals(25, listed.size(), "every room with the prefix and members, and nothing else: " + listed.keySet());
        assertEquals(1L, listed.get("team-a*"));
        assertEquals(3L, listed.get("team-c*"));
        assertEquals(java.util.Set.of("team-a*"), complete(presence.rooms("team-a*", null, 10)).rooms().stream()
                .map(Presence.RoomCount::room).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void addingAMemberAgainIsNotNew() {
        Presence presence = newPresence();
        complete(presence.add("r", "alice"));
        Presence.Membership again = complete(presence.add("r", "alice"));
        assertFalse(again.newMember());
        assertEquals(List.of("alice"), again.roster().members());
    }

    @Test
    void removeSaysWhetherTheUserLeftAndOnlyOnce() {
        Presence presence = newPresence();
        complete(presence.add("r", "alice"));
        complete(presence.add("r", "bob"));
        assertTrue(complete(presence.remove("r", "alice")));
        assertFalse(complete(presence.remove("r", "alice")), "already gone");
        assertFalse(complete(presence.remove("elsewhere", "bob")), "never there");
        assertEquals(Set.of("bob"), members(presence, "r"));
    }

    /** Webhooks' room_occupied, member_joined, member_left and room_vacated are these, with the count after each. */
    @Test
    void eachTransitionIsHeardOnceWithTheMembersAfterIt() {
        Presence presence = newPresence();
        complete(presence.add("r", "alice"));
        complete(presence.add("r", "bob"));
        complete(presence.add("r", "alice")); // no change
        complete(presence.remove("r", "alice"));
        complete(presence.remove("r", "alice")); // no change
        complete(presence.remove("r", "bob"));
        assertEquals(List.of("joined r alice 1", "joined r bob 2", "left r alice 1", "left r bob 0"), heard);
    }

    /** An instance going away takes its members with it: their leaving is heard like any other. */
    @Test
    void leaveAllIsHeardAsEachMemberLeaving() {
        Presence presence = newPresence();
        complete(presence.add("a", "alice"));
        complete(presence.add("a", "bob"));
        heard.clear();
        complete(presence.leaveAll());
        List<String> who = heard.stream().map(h -> h.substring(0, h.lastIndexOf(' '))).sorted().toList();
        List<String> counts = heard.stream().map(h -> h.substring(h.lastIndexOf(' ') + 1)).sorted().toList();
        assertEquals(List.of("left a alice", "left a bob"), who, "each member left once, in whatever order: " + heard);
        assertEquals(List.of("0", "1"), counts, "the last one left an empty room: " + heard);
    }

    @Test
    void roomsAreIndependentAndAnUnknownRoomIsEmpty() {
        Presence presence = newPresence();
        complete(presence.add("a", "alice"));
        complete(presence.add("b", "bob"));
        assertEquals(Set.of("alice"), members(presence, "a"));
        assertEquals(Set.of("bob"), members(presence, "b"));
        assertEquals(Set.of(), members(presence, "nobody-here"));
    }

    @Test
    void leaveAllEmptiesWhatThisInstanceHeld() {
        Presence presence = newPresence();
        complete(presence.add("a", "alice"));
        complete(presence.add("b", "alice"));
        complete(presence.add("b", "bob"));
        complete(presence.leaveAll());
        assertEquals(Set.of(), members(presence, "a"));
        assertEquals(Set.of(), members(presence, "b"));
    }

    @Test
    void aBigRoomIsCountedNotListedAndPagesInUserIdOrder() {
        Presence presence = newPresence();
        for (String user : List.of("erin", "bob", "dave", "alice", "carol")) {
            complete(presence.add("big", user));
        }
        Presence.Membership sixth = complete(presence.add("big", "frank"));
        assertEquals(6, sixth.roster().count());
        assertEquals(null, sixth.roster().members(), "over the limit: no list");
        assertEquals(6L, complete(presence.count("big")));
        Presence.Page first = complete(presence.page("big", null, 4));
        assertEquals(List.of("alice", "bob", "carol", "dave"), first.users());
        assertEquals("dave", first.next());
        Presence.Page second = complete(presence.page("big", first.next(), 4));
        assertEquals(List.of("erin", "frank"), second.users());
        assertEquals(null, second.next(), "the last page");
        complete(presence.remove("big", "bob"));
        assertEquals(List.of("alice", "carol"), complete(presence.page("big", null, 2)).users());
        assertEquals(5L, complete(presence.count("big")));
    }
}
