package dev.roomcast.support.attacks;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.roomcast.support.Ids;

/**
 * History hoarding (issue 25, item 2): each connection joins a fresh room, sends 100 messages of 32 KiB,
 * leaves, and starts again with another room, for a given time. It keeps within the default request rate
 * (100 a second, burst 200) by pacing itself at 95 requests a second without ever catching up, so it is
 * never refused; it reads its own echoes at loopback speed, so it is never a slow consumer. Every room's
 * messages stay in history until the TTL (5 minutes).
 */
public final class HistoryHoard {

    public static final int MESSAGES_PER_ROOM = 100;
    private static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1) / 95;

    /** What the hoarders did: rooms filled and messages sent; any refusal or close is listed. */
    public record Result(int connections, long rooms, long messages, int rateLimited, List<Integer> closeCodes) {

        public String ending() {
            return String.format(Locale.ROOT, "%d connections filled %,d rooms with %,d messages (%,d MB); "
                    + "rate_limited %d; closed: %s", connections, rooms, messages,
                    messages * Payloads.MAX_CONTENT_BYTES / 1_000_000, rateLimited,
                    closeCodes.isEmpty() ? "none" : closeCodes);
        }

        @Override
        public String toString() {
            return ending();
        }
    }

    private HistoryHoard() {
    }

    public static Result run(URI ws, int connections, Duration duration) throws Exception {
        List<Member> members = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        AtomicLong rooms = new AtomicLong();
        AtomicLong messages = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        try {
            for (int i = 0; i < connections; i++) {
                Member member = Member.connect(ws, "id=" + Ids.unique("hoarder"), false);
                members.add(member);
                Thread sender = new Thread(() -> hoard(member, deadline, rooms, messages), "hoarder-" + i);
                sender.setDaemon(true);
                senders.add(sender);
            }
            senders.forEach(Thread::start);
            for (Thread sender : senders) {
                sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 2_000));
            }
            List<Integer> closes = new ArrayList<>();
            int limited = 0;
            for (Member member : members) {
                limited += member.errors("rate_limited");
                if (member.closeCode() >= 0) {
                    closes.add(member.closeCode());
                }
            }
            return new Result(connections, rooms.get(), messages.get(), limited, closes);
        } finally {
            for (Member member : members) {
                member.close(); // also frees a sender blocked on a server that stopped reading
            }
            for (Thread sender : senders) {
                sender.join(5_000);
            }
        }
    }

    private static void hoard(Member member, long deadline, AtomicLong rooms, AtomicLong messages) {
        long next = System.nanoTime();
        try {
            while (System.nanoTime() < deadline && member.closeCode() < 0) {
                String room = Ids.unique("hoard");
                List<String> requests = new ArrayList<>(MESSAGES_PER_ROOM + 2);
                requests.add(Payloads.join(room));
                for (int m = 0; m < MESSAGES_PER_ROOM; m++) {
                    requests.add(Payloads.message(room, m));
                }
                requests.add(Payloads.leave(room));
                for (String request : requests) {
                    next = pace(next);
                    if (System.nanoTime() >= deadline) {
                        return;
                    }
                    member.send(request);
                    if (request.startsWith("{\"type\":\"message\"")) {
                        messages.incrementAndGet();
                    }
                }
                rooms.incrementAndGet();
            }
        } catch (IOException closed) {
            // the server ended the connection (or the run closed it): the result lists its close code
        }
    }

    /** Waits for the next slot; a late sender takes the next slot from now, never a catch-up burst. */
    private static long pace(long next) {
        for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
            LockSupport.parkNanos(wait); // may return early: then it waits again
        }
        return Math.max(next, System.nanoTime()) + PERIOD_NANOS;
    }
}
