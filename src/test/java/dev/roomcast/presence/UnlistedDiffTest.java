package dev.roomcast.presence;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A diff names at most {@code presence.max-names-per-diff} users (2 here): ten joins within a 2 s interval
 * cannot all fit into diffs of two, so at least one diff names nobody and says how many changed instead.
 * Every join is accounted for once, named or counted, and the count after the last diff is the room's.
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.presence.max-members-listed", value = "1"),
        @ResourceArg(name = "roomcast.presence.diff-interval", value = "2s"),
        @ResourceArg(name = "roomcast.presence.max-names-per-diff", value = "2") })
public class UnlistedDiffTest {

    private static final int JOINERS = 10;

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void aDiffWithTooManyChangesCountsThemInsteadOfNamingThem() {
        String room = unique("crowd");
        List<WsClient> open = new ArrayList<>();
        try (WsClient watcher = WsClient.connect(ws, "id=" + unique("w") + "&room=" + room)) {
            watcher.next("joined");
            for (int i = 0; i < JOINERS; i++) {
                WsClient joiner = WsClient.connect(ws, "id=" + unique("j") + "&room=" + room);
                open.add(joiner);
                joiner.next("joined");
            }
            int named = 0;
            int counted = 0;
            int unlistedDiffs = 0;
            long count = -1;
            while (named + counted < JOINERS) {
                JsonNode diff = watcher.next("presence_diff");
                count = diff.get("count").asLong();
                if (diff.has("unlisted")) {
                    assertFalse(diff.has("joined") || diff.has("left"), "an unlisted diff names nobody: " + diff);
                    counted += diff.get("unlisted").asInt();
                    unlistedDiffs++;
                } else {
                    int names = diff.get("joined").size() + diff.get("left").size();
                    assertTrue(names <= 2, "at most two names: " + diff);
                    named += names;
                }
            }
            assertEquals(JOINERS, named + counted, "every join once, named or counted");
            assertTrue(unlistedDiffs > 0, "ten joins in under 8 s (four 2 s intervals) cannot all be named two at a time");
            assertEquals(JOINERS + 1, count, "the count after the last diff");
        } finally {
            open.forEach(WsClient::close);
        }
    }
}
