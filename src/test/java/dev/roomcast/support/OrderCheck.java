package dev.roomcast.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks the ordering guarantee: from each sender, room messages arrive in the order sent. */
public final class OrderCheck {

    private OrderCheck() {
    }

    /**
     * Reads {@code total} room messages (skipping other frames); each sender's integer contents
     * must count up from 0 without gaps. Fails if they come from other than {@code senders} senders.
     */
    public static void assertEachSendersOrder(WsClient member, int total, int senders) {
        Map<String, Integer> nextFrom = new HashMap<>();
        for (int n = 0; n < total; n++) {
            JsonNode m = member.skipTo("message");
            String from = m.get("from").asText();
            int expected = nextFrom.getOrDefault(from, 0);
            assertEquals(expected, m.get("content").asInt(), () -> member.user() + " got " + from + "'s messages out of order");
            nextFrom.put(from, expected + 1);
        }
        assertEquals(senders, nextFrom.size(), "senders heard from");
    }
}
