package dev.roomcast.support.attacks;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.awaitility.core.ConditionTimeoutException;

import dev.roomcast.support.Ids;

/**
 * A member sends its whole allowed burst (issue 25, item 5): 200 messages of 32 KiB at once, within
 * {@code security.message-burst}, to a room with five readers on the same instance that read at loopback
 * speed. None of them, nor the sender (which gets its own echoes), may be closed as a slow consumer; each
 * must get all 200 in order.
 */
public final class AllowedBurst {

    public static final int BURST = 200; // security.message-burst by default
    public static final int READERS = 5;

    /** Per reader, the sender first: messages received, in order or not, close code (-1: open). */
    public record Result(int sent, int rateLimited, List<Integer> received, List<Boolean> inOrder, List<Integer> closeCodes) {

        public boolean everyoneGotAllInOrder() {
            return received.stream().allMatch(r -> r == BURST) && inOrder.stream().allMatch(b -> b)
                    && closeCodes.stream().allMatch(c -> c < 0);
        }

        public String ending() {
            return String.format(Locale.ROOT, "sent %d (rate_limited %d); received (sender first) %s, in order %s, "
                    + "closes %s", sent, rateLimited, received, inOrder, closeCodes);
        }

        @Override
        public String toString() {
            return ending();
        }
    }

    private AllowedBurst() {
    }

    public static Result run(URI ws) throws Exception {
        String room = Ids.unique("burst");
        List<Member> members = new ArrayList<>();
        try {
            for (int i = 0; i <= READERS; i++) {
                Member member = Member.connect(ws, "id=" + Ids.unique(i == 0 ? "sender" : "reader") + "&room=" + room, true);
                members.add(member);
                member.next("joined", Duration.ofSeconds(10));
            }
            Member sender = members.get(0);
            int sent = 0;
            try {
                for (; sent < BURST; sent++) {
                    sender.send(Payloads.message(room, sent));
                }
            } catch (IOException closed) {
                // the sender was closed mid-burst: its close code is in the result
            }
            try {
                await("every reader's " + BURST + " messages").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> members.stream().allMatch(r -> r.messages() >= BURST || r.closeCode() >= 0));
            } catch (ConditionTimeoutException stalled) {
                // reported below as fewer than all
            }
            List<Integer> received = new ArrayList<>();
            List<Boolean> inOrder = new ArrayList<>();
            List<Integer> closes = new ArrayList<>();
            for (Member member : members) {
                List<long[]> got = member.kept();
                received.add(got.size());
                inOrder.add(FullResume.inOrder(got));
                closes.add(member.closeCode());
            }
            return new Result(sent, sender.errors("rate_limited"), received, inOrder, closes);
        } finally {
            for (Member member : members) {
                member.close();
            }
        }
    }
}
