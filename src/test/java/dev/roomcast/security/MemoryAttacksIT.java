package dev.roomcast.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.roomcast.support.AppProcess.Launch;
import dev.roomcast.support.attacks.AllowedBurst;
import dev.roomcast.support.attacks.AttackReport;
import dev.roomcast.support.attacks.Attacks;
import dev.roomcast.support.attacks.ChunkedBodies;
import dev.roomcast.support.attacks.FrameFlood;
import dev.roomcast.support.attacks.FullResume;
import dev.roomcast.support.attacks.HistoryHoard;

/**
 * The memory attacks of issue 25 against the packaged app with every setting at its default and
 * {@code -Xmx448m} (the Helm chart's pod memory), each on a fresh process of its own, with a witness pair in
 * another room (support/attacks, shared with the load generator's {@code attacks} scenario). During and
 * after every attack:
 * <ul>
 * <li>liveness: /q/health/live probed every 500 ms (2 s to answer) never fails 3 times in a row (the chart's
 * failureThreshold) and answers 200 at the end;</li>
 * <li>the witness pair gets every message, in order;</li>
 * <li>RSS stays under {@value #RSS_BOUND_MIB} MiB, the memory limit values.yaml gives the JVM image;</li>
 * <li>no OutOfMemoryError in the log.</li>
 * </ul>
 * Each attack adds what it must show: the flooding connection is closed, hoarded history stays within a
 * bound, chunked bodies are refused while they stream, and what the defaults allow closes no fast reader.
 */
class MemoryAttacksIT {

    static final long RSS_BOUND_MIB = 768;
    /** Live heap after a hoarding attack and a full GC: at most half of -Xmx448m. */
    static final long HEAP_AFTER_HOARDING_MIB = 224;
    /**
     * Redis's used_memory while three connections hoard for 20 s (at most 56 rooms at the default rate): it
     * grows by less than 2 MiB per room filled (a room's 100 × 32 KiB alone are 3.2 MiB), and less than 128 MiB.
     */
    static final long REDIS_GROWTH_PER_ROOM_MIB = 2;
    static final long REDIS_GROWTH_MIB = 128;

    private static final Launch DEFAULTS = Launch.defaults(Attacks.HEAP);

    @Test
    void pingFloodIsClosedAndMemoryStaysBounded() throws Exception {
        AttackReport<FrameFlood.Result> report = Attacks.pingFlood(DEFAULTS);
        // 1006: the server reset the connection, its close frame stuck behind the pongs the client never read.
        assertSurvived(report, () -> assertTrue(Set.of(4002, 1008, 1006).contains(report.result().closeCode()),
                "the flooding connection must be closed: 4002 (slow consumer) or 1008 (rate abuse), or reset"));
    }

    @Test
    void emptyContinuationFloodIsClosed() throws Exception {
        AttackReport<FrameFlood.Result> report = Attacks.continuationFlood(DEFAULTS);
        assertSurvived(report, () -> assertTrue(Set.of(1008, 1002).contains(report.result().closeCode()),
                "the flooding connection must be closed 1008 or 1002"));
    }

    @Test
    void historyHoardingInMemoryStaysWithinTheHeap() throws Exception {
        AttackReport<HistoryHoard.Result> report = Attacks.historyInMemory(DEFAULTS);
        assertSurvived(report, withinRates(report),
                () -> assertTrue(report.heapAfterGc() >= 0 && report.heapAfterGc() < HEAP_AFTER_HOARDING_MIB << 20,
                        "live heap after the attack (after a full GC) must stay under " + HEAP_AFTER_HOARDING_MIB
                                + " MiB"));
    }

    @Test
    void privatesToMadeUpUsersInMemoryStayWithinTheHeap() throws Exception {
        AttackReport<HistoryHoard.Result> report = Attacks.inboxesInMemory(DEFAULTS);
        assertSurvived(report, withinRates(report),
                () -> assertTrue(report.result().messages() > 1_000, "thousands of made-up users: " + report.result()),
                () -> assertTrue(report.heapAfterGc() >= 0 && report.heapAfterGc() < HEAP_AFTER_HOARDING_MIB << 20,
                        "live heap after the attack (after a full GC) must stay under " + HEAP_AFTER_HOARDING_MIB
                                + " MiB"));
    }

    @Test
    void historyHoardingInRedisStaysBounded() throws Exception {
        AttackReport<HistoryHoard.Result> report = Attacks.historyInRedis(DEFAULTS);
        long growth = report.during().peakExtra() - report.idleExtra();
        long rooms = Math.max(1, report.result().rooms());
        assertSurvived(report, withinRates(report),
                () -> assertTrue(report.idleExtra() >= 0 && growth < REDIS_GROWTH_MIB << 20, "Redis used_memory grew "
                        + (growth >> 20) + " MiB; it must grow less than " + REDIS_GROWTH_MIB + " MiB"),
                () -> assertTrue(growth / rooms < REDIS_GROWTH_PER_ROOM_MIB << 20, "Redis used_memory grew "
                        + String.format(Locale.ROOT, "%.1f", growth / 1048576.0 / rooms) + " MiB per room filled; it must grow less than "
                        + REDIS_GROWTH_PER_ROOM_MIB + " MiB per room"));
    }

    @Test
    void chunkedApiBodiesAreRefusedWhileTheyStream() throws Exception {
        AttackReport<ChunkedBodies.Result> report = Attacks.chunkedBodies(DEFAULTS);
        assertSurvived(report,
                () -> assertEquals(Map.of(413, report.result().answers().size()), report.result().statuses(),
                        "every chunked body over the limit must get 413"),
                () -> assertEquals(report.result().answers().size(), report.result().answeredBeforeTheEnd(),
                        "each must be refused while it streams, before its body ended"));
    }

    @Test
    void aFullHistoryResumesWithoutASlowConsumerClose() throws Exception {
        AttackReport<FullResume.Result> report = Attacks.fullResume(DEFAULTS);
        assertSurvived(report, () -> {
            FullResume.Result resume = report.result();
            assertAll(() -> assertEquals(-1, resume.closeCode(), "the resuming reader must stay connected"),
                    () -> assertEquals(resume.published(), resume.received(), "it must get the whole history"),
                    () -> assertTrue(resume.recovered() && resume.inOrder(), "recovered, in order"));
        });
    }

    @Test
    void anAllowedBurstClosesNoFastReader() throws Exception {
        AttackReport<AllowedBurst.Result> report = Attacks.allowedBurst(DEFAULTS);
        assertSurvived(report, () -> {
            AllowedBurst.Result burst = report.result();
            assertAll(() -> assertEquals(0, burst.rateLimited(), "the burst is within the defaults"),
                    () -> assertTrue(burst.everyoneGotAllInOrder(), "no reader closed, each got all " + AllowedBurst.BURST
                            + " in order"));
        });
    }

    /** The hoarders were never refused: what they did is allowed by the default rates. */
    private static Executable withinRates(AttackReport<HistoryHoard.Result> report) {
        return () -> assertEquals(0, report.result().rateLimited(), "paced within the rate");
    }

    /** What every attack must leave intact, then what this attack must show; a failure starts with the report. */
    private static void assertSurvived(AttackReport<?> report, Executable... specific) {
        System.out.println(report);
        assertNull(report.attackFailure(), report::toString); // without a result the rest cannot be judged
        Executable[] common = {
            () -> assertTrue(report.livenessHeld(), "liveness must hold"),
            () -> assertTrue(report.witnessServed(), "the witness pair must get everything in order"),
            () -> assertTrue(report.during().peakRss() < RSS_BOUND_MIB << 20, "RSS must stay under " + RSS_BOUND_MIB + " MiB"),
            () -> assertFalse(report.outOfMemoryInLog(), "no OutOfMemoryError in the log"),
        };
        Executable[] all = new Executable[common.length + specific.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(specific, 0, all, common.length, specific.length);
        assertAll(report.toString(), all);
    }
}
