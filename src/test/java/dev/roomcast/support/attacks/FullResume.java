package dev.roomcast.support.attacks;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.Ids;

/**
 * A well-behaved resume of full histories (issue 25, item 5): publishers fill three rooms' histories with 100
 * messages of 5,000 bytes each (500 KB a room: history.size, and within history.max-room-bytes), then a new
 * client resumes all three at connect with {@code since} offset 0 and reads at loopback speed: 1.5 MB of
 * replay, more than the 1 MiB outbound bound. Within the defaults it must get all 300, in order, and stay
 * connected. (Before the per-room byte bound, one room of 100 × 32 KiB was closed 4002 after 31 messages.)
 */
public final class FullResume {

    static final int ROOMS = 3;
    static final int CONTENT_BYTES = 5_000;

    /** What the resuming client got: {@code closeCode} -1 if it stayed connected. */
    public record Result(int published, boolean recovered, int received, boolean inOrder, int closeCode) {

        public String ending() {
            return String.format(Locale.ROOT, "resumed %d of %d (recovered %s, %s), %s", received, published,
                    recovered, inOrder ? "in order" : "OUT OF ORDER", closeCode < 0 ? "stayed open" : "closed " + closeCode);
        }

        @Override
        public String toString() {
            return ending();
        }
    }

    private FullResume() {
    }

    public static Result run(URI ws) throws Exception {
        int count = HistoryHoard.MESSAGES_PER_ROOM; // history.size, 100 by default
        List<String> rooms = new ArrayList<>();
        List<String> since = new ArrayList<>();
        for (int r = 0; r < ROOMS; r++) {
            String room = Ids.unique("resume");
            rooms.add(room);
            since.add(room + ":0:" + fill(ws, room, r * count, count));
        }
        try (Member resumer = Member.connect(ws, "id=" + Ids.unique("resumer") + "&room=" + String.join(",", rooms)
                + "&since=" + String.join(",", since), true)) {
            boolean recovered = true;
            for (int r = 0; r < ROOMS; r++) {
                recovered &= resumer.next("joined", Duration.ofSeconds(10)).path("recovered").asBoolean();
            }
            int all = ROOMS * count;
            try {
                await("the resumed histories").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                        .until(() -> resumer.messages() >= all || resumer.closeCode() >= 0);
            } catch (ConditionTimeoutException stalled) {
                // reported below as fewer than all
            }
            List<long[]> got = resumer.kept();
            return new Result(all, recovered, got.size(), inOrder(got, count), resumer.closeCode());
        }
    }

    /** Fills the room's history with {@code count} messages numbered from {@code first}; returns its epoch. */
    private static String fill(URI ws, String room, int first, int count) throws Exception {
        try (Member publisher = Member.connect(ws, "id=" + Ids.unique("publisher") + "&room=" + room, false)) {
            String epoch = publisher.next("joined", Duration.ofSeconds(10)).path("epoch").asText();
            for (int m = 0; m < count; m++) {
                publisher.send(Payloads.message(room, first + m, CONTENT_BYTES));
                int sent = m + 1;
                await("the echo of message " + m).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                        .until(() -> publisher.messages() >= sent || publisher.closeCode() >= 0);
                if (publisher.closeCode() >= 0) {
                    throw new AssertionError("the publisher was closed " + publisher.closeCode() + " after " + m);
                }
            }
            return epoch;
        }
    }

    /** Rooms one after another, each's messages with offsets 1, 2, 3, …: nothing missing, repeated or swapped. */
    static boolean inOrder(List<long[]> got, int perRoom) {
        for (int i = 0; i < got.size(); i++) {
            if (got.get(i)[0] != i || got.get(i)[1] != i % perRoom + 1) {
                return false;
            }
        }
        return true;
    }

    /** Sequence numbers 0, 1, 2, … with offsets rising by one: nothing missing, repeated or swapped. */
    static boolean inOrder(List<long[]> got) {
        for (int i = 0; i < got.size(); i++) {
            if (got.get(i)[0] != i || (i > 0 && got.get(i)[1] != got.get(i - 1)[1] + 1)) {
                return false;
            }
        }
        return true;
    }
}
