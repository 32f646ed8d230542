package dev.roomcast.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a stream was left, what a resume makes of it, and the unread count, on the server's answers as frames. */
class PositionTest {

    private static JsonNode info(String json) throws Exception {
        return Requests.JSON.readTree(json);
    }

    @Test
    void aFirstConnectStartsAtTheLatestAndCountsNothingAsResumed() throws Exception {
        Position inbox = new Position();
        assertNull(inbox.since(), "nothing to resume before a first position");
        assertNull(inbox.resume(info("{\"offset\":12,\"epoch\":\"k3x9\"}"), null, true));
        assertEquals(new Position.Since(12, "k3x9"), inbox.since());
        assertFalse(inbox.seen(12L), "not past the latest: seen already");
        assertTrue(inbox.seen(13L));
        assertEquals(13L, inbox.latest());
    }

    @Test
    void theSameEpochResumesFromWhereItWasLeftAndTheReplayMovesItOn() throws Exception {
        Position inbox = new Position();
        Position.Since asked = new Position.Since(7, "k3x9");
        Position.Resumption resumed = inbox.resume(info("{\"offset\":10,\"epoch\":\"k3x9\",\"recovered\":true}"), asked, true);
        assertEquals(new Position.Resumption(true, 3L), resumed);
        assertEquals(asked, inbox.since(), "at the since until the replay comes");
        assertTrue(inbox.seen(8L) && inbox.seen(9L) && inbox.seen(10L));
        assertFalse(inbox.seen(9L), "a replayed one again is dropped");
        assertEquals(new Position.Since(10, "k3x9"), inbox.since());
    }

    @Test
    void anotherEpochReplaysAStreamFromTheStartButARoomFromTheLatest() throws Exception {
        Position.Since asked = new Position.Since(7, "old");
        Position stream = new Position();
        assertEquals(new Position.Resumption(false, null),
                stream.resume(info("{\"offset\":2,\"epoch\":\"new\",\"recovered\":false}"), asked, true));
        assertTrue(stream.seen(1L), "the stream's whole new history is replayed: offset 1 is new");
        Position room = new Position();
        room.resume(info("{\"offset\":2,\"epoch\":\"new\",\"recovered\":false}"), asked, false);
        assertFalse(room.seen(1L), "a room replays nothing from another epoch");
        assertTrue(room.seen(3L));
    }

    @Test
    void anUnknownPositionKeepsTheOldSinceForTheNextConnect() throws Exception {
        Position inbox = new Position();
        inbox.resume(info("{\"offset\":5,\"epoch\":\"k3x9\"}"), null, true);
        Position.Since before = inbox.since();
        assertEquals(new Position.Resumption(false, null), inbox.resume(info("{\"recovered\":false}"), before, true));
        assertEquals(before, inbox.since());
    }

    @Test
    void unreadIsTheLatestMinusTheReadPositionInTheSameEpochOnly() throws Exception {
        Position room = new Position();
        room.resume(info("{\"offset\":50,\"epoch\":\"e1\"}"), null, false);
        assertNull(room.unread(), "never read: not known");
        room.readAt(42L, "e1");
        assertEquals(8L, room.unread());
        room.seen(51L);
        assertEquals(9L, room.unread());
        room.readAt(60L, "e1");
        assertEquals(0L, room.unread(), "read past what this client knows of");
        room.readAt(3L, "e0");
        assertNull(room.unread(), "a read position in another history counts nothing here");
    }
}
