package dev.roomcast.support.attacks;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import dev.roomcast.support.Ids;

/**
 * History hoarding (issue 25, item 2): each connection joins a fresh room, sends 100 messages of 32 KiB,
 * leaves, and starts again with another room, for a given time. It keeps within the default rates (100
 * requests a second, and 256 KiB of text a second) by pacing itself at 95% of both without ever catching up,
 * so it is never refused. It reads its own echoes at loopback speed; if the server closes it anyway, it connects
 * again and goes on. Every room's messages stay in history until the TTL (5 minutes). The same hoarders can fill
 * inboxes instead: privates to made-up users nobody connects as, each kept for the inbox ttl (24 hours).
 */
public final class HistoryHoard {

    public static final int MESSAGES_PER_ROOM = 100;
    private static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1) / 95;
    /** The default security.bytes-per-second, less 5%. */
    private static final double BYTES_PER_NANO = 0.95 * 262_144 / 1e9;

    /**
     * What the hoarders did: rooms filled and messages sent; refusals; every close of a hoarder's connection
     * (after which it connected again), -1 for a connection attempt that failed.
     */
    public record Result(int connections, long rooms, long messages, int rateLimited, List<Integer> closeCodes) {

        public String ending() {
            return String.format(Locale.ROOT, "%d connections filled %,d rooms with %,d messages (%,d MB); "
                    + "rate_limited %d; closed (code=times, then connected again): %s", connections, rooms, messages,
                    messages * Payloads.MAX_CONTENT_BYTES / 1_000_000, rateLimited,
                    closeCodes.isEmpty() ? "none" : closesByCode());
        }

        /** Close code → how many times (-1: a connection attempt failed). */
        public Map<Integer, Long> closesByCode() {
            return closeCodes.stream().collect(Collectors.groupingBy(c -> c, TreeMap::new, Collectors.counting()));
        }

        @Override
        public String toString() {
            return ending();
        }
    }

    private HistoryHoard() {
    }

    /** One round of a hoarder's requests: what it sends before it starts the next round. */
    public interface Round {
        List<String> requests();
    }

    /** Rooms: join a fresh room, fill its history, leave. */
    public static List<String> roomRound() {
        String room = Ids.unique("hoard");
        List<String> requests = new ArrayList<>(MESSAGES_PER_ROOM + 2);
        requests.add(Payloads.join(room));
        for (int m = 0; m < MESSAGES_PER_ROOM; m++) {
            requests.add(Payloads.message(room, m));
        }
        requests.add(Payloads.leave(room));
        return requests;
    }

    /** Inboxes: one 32 KiB private to each of {@code MESSAGES_PER_ROOM} made-up users nobody connects as. */
    public static List<String> inboxRound() {
        List<String> requests = new ArrayList<>(MESSAGES_PER_ROOM);
        for (int m = 0; m < MESSAGES_PER_ROOM; m++) {
            requests.add(Payloads.privateMessage(Ids.unique("made-up"), m));
        }
        return requests;
    }

    public static Result run(URI ws, int connections, Duration duration) throws Exception {
        return run(ws, connections, duration, HistoryHoard::roomRound);
    }

    public static Result run(URI ws, int connections, Duration duration, Round round) throws Exception {
        Set<Member> open = ConcurrentHashMap.newKeySet();
        List<Integer> closes = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger limited = new AtomicInteger();
        AtomicLong rooms = new AtomicLong();
        AtomicLong messages = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> hoarders = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread hoarder = new Thread(() -> {
                // Closed by the server (say as a slow consumer), an attacker just connects again.
                while (System.nanoTime() < deadline) {
                    try (Member member = Member.connect(ws, "id=" + Ids.unique("hoarder"), false)) {
                        open.add(member);
                        hoard(member, round, deadline, rooms, messages);
                        limited.addAndGet(member.errors("rate_limited"));
                        if (member.closeCode() >= 0) {
                            closes.add(member.closeCode());
                        }
                        open.remove(member);
                    } catch (IOException | RuntimeException refused) {
                        closes.add(-1); // could not even connect: the instance is not answering
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
                    }
                }
            }, "hoarder-" + i);
            hoarder.setDaemon(true);
            hoarders.add(hoarder);
        }
        hoarders.forEach(Thread::start);
        try {
            for (Thread hoarder : hoarders) {
                hoarder.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 2_000));
            }
        } finally {
            for (Member member : open) {
                member.close(); // frees a hoarder blocked on a server that stopped reading
            }
            for (Thread hoarder : hoarders) {
                hoarder.join(15_000);
            }
        }
        return new Result(connections, rooms.get(), messages.get(), limited.get(), List.copyOf(closes));
    }

    private static void hoard(Member member, Round round, long deadline, AtomicLong rooms, AtomicLong messages) {
        long next = System.nanoTime();
        try {
            while (System.nanoTime() < deadline && member.closeCode() < 0) {
                for (String request : round.requests()) {
                    next = pace(next, Math.max(PERIOD_NANOS, (long) (request.length() / BYTES_PER_NANO)));
                    if (System.nanoTime() >= deadline || member.closeCode() >= 0) {
                        return;
                    }
                    member.send(request);
                    if (request.startsWith("{\"type\":\"message\"") || request.startsWith("{\"type\":\"private\"")) {
                        messages.incrementAndGet();
                    }
                }
                rooms.incrementAndGet();
            }
        } catch (IOException closed) {
            // the server ended the connection (its reader gets the close code), or the run closed it at the end
            member.awaitCloseCode(Duration.ofSeconds(2));
        }
    }

    /** Waits for the next slot; a late sender takes the next slot from now, never a catch-up burst. */
    private static long pace(long next, long periodNanos) {
        for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
            LockSupport.parkNanos(wait); // may return early: then it waits again
        }
        return Math.max(next, System.nanoTime()) + periodNanos;
    }
}
