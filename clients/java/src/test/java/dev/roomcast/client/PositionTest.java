package dev.roomcast.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a stream was left, what a resume makes of it, which messages are shown (all but a certain repeat), a stream
 * that starts again under an open connection, and the unread count, on the server's answers as frames.
 */
class PositionTest {

    private static JsonNode info(String json) throws Exception {
        return Requests.JSON.readTree(json);
    }

    @Test
    void aFirstConnectStartsAtTheLatestAndReportsNoResume() throws Exception {
        Position inbox = new Position();
        assertNull(inbox.since(), "nothing to resume before a first position");
        assertNull(inbox.resume(info("{\"offset\":12,\"epoch\":\"k3x9\"}"), null, true));
        assertEquals(new Since(12, "k3x9"), inbox.since());
        assertTrue(inbox.seen(13L));
        assertEquals(13L, inbox.latest());
    }

    @Test
    void theSameEpochResumesFromWhereItWasLeftAndOnlyARepeatWithinTheReplayIsDropped() throws Exception {
        Position inbox = new Position();
        Since asked = new Since(7, "k3x9");
        Position.Resumption resumed = inbox.resume(info("{\"offset\":10,\"epoch\":\"k3x9\",\"recovered\":true}"), asked, true);
        assertEquals(new Position.Resumption(true, 3L), resumed);
        assertEquals(asked, inbox.since(), "at the since until the replay comes");
        assertTrue(inbox.seen(8L));
        assertFalse(inbox.seen(8L), "the same offset twice within the replay: a repeat");
        assertTrue(inbox.seen(9L) && inbox.seen(10L));
        assertEquals(new Since(10, "k3x9"), inbox.since());
        assertTrue(inbox.seen(11L), "live after the replay");
    }

    @Test
    void anOffsetNotAboveTheLastAfterTheReplayIsTheStreamStartingAgainShownAndResumedAsAnotherEpoch() throws Exception {
        Position inbox = new Position();
        inbox.resume(info("{\"offset\":1,\"epoch\":\"k3x9\"}"), null, true);
        assertTrue(inbox.seen(2L));
        assertTrue(inbox.seen(1L), "offset 1 again: the inbox expired or Redis lost it under the open connection");
        assertNull(inbox.epoch(), "the epoch it counts in is not known");
        assertEquals(1L, inbox.latest());
        assertEquals(Since.EVERYTHING_HELD, inbox.since(), "the next connect asks for everything held");
        assertTrue(inbox.seen(2L), "and what follows is new too");
        assertEquals(new Position.Resumption(false, null),
                inbox.resume(info("{\"offset\":2,\"epoch\":\"z7q1\",\"recovered\":false}"), inbox.since(), true));
        assertTrue(inbox.seen(1L) && inbox.seen(2L), "everything held is replayed");

        Position room = new Position();
        room.resume(info("{\"offset\":40,\"epoch\":\"e1\"}"), null, false);
        assertTrue(room.seen(41L));
        assertTrue(room.seen(41L), "the same offset outside a replay: not a certain repeat");
        assertNull(room.epoch());
        assertEquals(Since.EVERYTHING_HELD, room.since());
    }

    @Test
    void anotherEpochReplaysAStreamFromTheStartButARoomFromTheLatest() throws Exception {
        Since asked = new Since(7, "old");
        Position stream = new Position();
        assertEquals(new Position.Resumption(false, null),
                stream.resume(info("{\"offset\":2,\"epoch\":\"new1\",\"recovered\":false}"), asked, true));
        assertTrue(stream.seen(1L), "the stream's whole new history is replayed: offset 1 is new");
        assertTrue(stream.seen(2L));
        Position room = new Position();
        room.resume(info("{\"offset\":2,\"epoch\":\"new1\",\"recovered\":false}"), asked, false);
        assertEquals(new Since(2, "new1"), room.since(), "a room replays nothing from another epoch");
        assertTrue(room.seen(3L));
    }

    @Test
    void anUnknownPositionKeepsTheOldSinceForTheNextConnect() throws Exception {
        Position inbox = new Position();
        inbox.resume(info("{\"offset\":5,\"epoch\":\"k3x9\"}"), null, true);
        Since before = inbox.since();
        assertEquals(new Position.Resumption(false, null), inbox.resume(info("{\"recovered\":false}"), before, true));
        assertEquals(before, inbox.since());
    }

    @Test
    void aSeededPositionIsTheFirstSinceAndAMalformedOneIsRefused() {
        Position inbox = new Position(new Since(4, "k3x9"));
        assertEquals(new Since(4, "k3x9"), inbox.since());
        assertNull(inbox.unread(), "nothing known before the welcome");
        assertEquals("0:new", new Position(Since.EVERYTHING_HELD).since().toString());
        assertThrows(IllegalArgumentException.class, () -> new Since(-1, "x"));
        assertThrows(IllegalArgumentException.class, () -> new Since(1, ""));
    }

    @Test
    void unreadIsTheLatestMinusTheReadPositionInItsEpochOrOneNotGiven() throws Exception {
        Position room = new Position();
        room.resume(info("{\"offset\":50,\"epoch\":\"e1\"}"), null, false);
        assertNull(room.unread(), "never read: not known");
        room.readAt(42L, "e1");
        assertEquals(8L, room.unread());
        room.seen(51L);
        assertEquals(9L, room.unread());
        room.readAt(60L, "e1");
        assertEquals(0L, room.unread(), "read past what this client knows of");
        room.readAt(45L, null);
        assertEquals(6L, room.unread(), "a read position stored without an epoch counts");
        room.readAt(3L, "e0");
        assertNull(room.unread(), "a read position in another history counts nothing here");
    }
}
