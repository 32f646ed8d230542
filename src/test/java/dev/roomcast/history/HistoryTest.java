package dev.roomcast.history;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Scrape;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** History in memory (the single-instance default). */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.history.size", value = "1000"),
        @ResourceArg(name = "roomcast.security.messages-per-second", value = "100000"),
        @ResourceArg(name = "roomcast.security.message-burst", value = "100000"),
        @ResourceArg(name = "roomcast.outbound.max-queued-bytes", value = "8388608") })
public class HistoryTest extends HistoryContract {

    @Override
    protected int historySize() {
        return 1000;
    }

    @Test
    void idsOfOneRoomAreCountedAndStayWithinItsLastHistorySizeOffsets() {
        String room = unique("idheap");
        try (Member talker = member(room)) {
            Scrape before = Scrape.now();
            int sent = 3 * historySize();
            String id = "i".repeat(58);
            for (int i = 0; i < sent; i++) {
                talker.client().send("type", "message", "room", room, "content", i, "id", String.format("%05d", i) + id);
            }
            talker.client().send("type", "message", "room", room, "content", "last", "ref", "last");
            talker.client().skipTo("accepted");
            double grew = Scrape.now().since(before, "roomcast_history_held_bytes");
            // a held message here is ~130 bytes + 80, an id 64 characters and the user's + 120
            assertTrue(grew > historySize() * (64 + 130), "messages and ids are counted: " + grew);
            assertTrue(grew < historySize() * 600, "only the last history.size of them are held: " + grew);
        }
    }
}
