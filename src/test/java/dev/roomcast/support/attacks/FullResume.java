package dev.roomcast.support.attacks;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.Ids;

/**
 * A well-behaved resume of a full history (issue 25, item 5): a publisher fills a room's history with 100
 * messages of 32 KiB, one at a time (each sent after the echo of the one before), then a new client joins
 * with {@code since} offset 0 and reads at loopback speed. Within the defaults it must get all 100, in order,
 * and stay connected.
 */
public final class FullResume {

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
        String room = Ids.unique("resume");
        String epoch;
        try (Member publisher = Member.connect(ws, "id=" + Ids.unique("publisher") + "&room=" + room, false)) {
            epoch = publisher.next("joined", Duration.ofSeconds(10)).path("epoch").asText();
            for (int m = 0; m < count; m++) {
                publisher.send(Payloads.message(room, m));
                int sent = m + 1;
                await("the echo of message " + m).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                        .until(() -> publisher.messages() >= sent || publisher.closeCode() >= 0);
                if (publisher.closeCode() >= 0) {
                    throw new AssertionError("the publisher was closed " + publisher.closeCode() + " after " + m);
                }
            }
        }
        try (Member resumer = Member.connect(ws, "id=" + Ids.unique("resumer") + "&room=" + room + "&since=" + room
                + ":0:" + epoch, true)) {
            JsonNode joined = resumer.next("joined", Duration.ofSeconds(10));
            try {
                await("the resumed history").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                        .until(() -> resumer.messages() >= count || resumer.closeCode() >= 0);
            } catch (ConditionTimeoutException stalled) {
                // reported below as fewer than all
            }
            List<long[]> got = resumer.kept();
            return new Result(count, joined.path("recovered").asBoolean(), got.size(), inOrder(got), resumer.closeCode());
        }
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
