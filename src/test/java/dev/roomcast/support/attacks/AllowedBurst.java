package dev.roomcast.support.attacks;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

import org.awaitility.core.ConditionTimeoutException;

import dev.roomcast.support.Ids;

/**
 * A member sends all the default limits allow (issue 25, item 5) to a room with five readers on the same
 * instance that read at loopback speed: its whole burst of 32 KiB messages at once, then more at the
 * sustained byte rate. Before the byte rate, 200 such messages (security.message-burst) were allowed at once
 * and closed the sender and 3 of 5 readers with 4002; now the burst is security.byte-burst (512 KiB, 15 of
 * them), then 256 KiB a second. None of them, nor the sender (which gets its own echoes), may be closed as a
 * slow consumer or refused; each must get all in order.
 */
public final class AllowedBurst {

    /** What fits in the default byte burst (524288 bytes) at once, then as many again at the byte rate. */
    public static final int AT_ONCE = 524_288 / Payloads.message("r", 0).length();
    public static final int BURST = 3 * AT_ONCE;
    /** 95% of the default security.bytes-per-second. */
    private static final double BYTES_PER_NANO = 0.95 * 262_144 / 1e9;
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
                long next = System.nanoTime();
                for (; sent < BURST; sent++) {
                    String message = Payloads.message(room, sent);
                    if (sent >= AT_ONCE) { // the burst is spent: the sustained rate
                        next += (long) (message.length() / BYTES_PER_NANO);
                        for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    sender.send(message);
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
