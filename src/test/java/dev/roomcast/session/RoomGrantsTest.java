package dev.roomcast.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class RoomGrantsTest {

    @Test
    void aStarMatchesAnyRunOfCharactersAndEverythingElseMatchesItself() {
        RoomGrants grants = new RoomGrants(List.of("team-*", "lobby", "*.archive"), List.of(), false, false);
        assertTrue(grants.mayJoin("team-"));
        assertTrue(grants.mayJoin("team-blue"));
        assertTrue(grants.mayJoin("lobby"));
        assertTrue(grants.mayJoin("2026.archive"));
        assertFalse(grants.mayJoin("lobby2"));
        assertFalse(grants.mayJoin("xteam-blue"));
        assertFalse(grants.mayJoin("2026-archive"), "a dot is a dot, not any character");
        assertFalse(grants.mayPublish("lobby"), "no publish patterns: nowhere");
        assertFalse(grants.mayBroadcast());
    }

    @Test
    void allAllowsEverything() {
        assertTrue(RoomGrants.ALL.mayJoin("anything"));
        assertTrue(RoomGrants.ALL.mayPublish("anything"));
        assertTrue(RoomGrants.ALL.mayBroadcast());
    }
}
