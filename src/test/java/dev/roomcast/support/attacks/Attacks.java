package dev.roomcast.support.attacks;

import java.time.Duration;
import java.util.List;

import dev.roomcast.support.AppProcess.Launch;

/**
 * The attacks of issue 25, each against a fresh instance started as {@code launch} says, measured by
 * {@link UnderAttack}. Shared by security/MemoryAttacksIT (which asserts on the reports) and the load
 * generator's {@code attacks} scenario (which prints them for docs/performance.md). Every attack is bounded
 * in time and count, and stays on loopback.
 */
public final class Attacks {

    /** What the Helm chart gives a pod (resources.limits.memory: 448Mi), as the heap limit. */
    public static final String HEAP = "-Xmx448m";

    private Attacks() {
    }

    /** Every attack's name, in the order {@link #run} knows them. */
    public static final List<String> NAMES = List.of("ping-flood", "continuation-flood", "history-memory", "inbox-memory",
            "history-redis", "chunked-bodies", "full-resume", "allowed-burst");

    public static AttackReport<?> run(String name, Launch launch) throws Exception {
        return switch (name) {
            case "ping-flood" -> pingFlood(launch);
            case "continuation-flood" -> continuationFlood(launch);
            case "history-memory" -> historyInMemory(launch);
            case "history-redis" -> historyInRedis(launch);
            case "inbox-memory" -> inboxesInMemory(launch);
            case "chunked-bodies" -> chunkedBodies(launch);
            case "full-resume" -> fullResume(launch);
            case "allowed-burst" -> allowedBurst(launch);
            default -> throw new IllegalArgumentException("unknown attack " + name + "; known: " + NAMES);
        };
    }

    /** a. One connection sends 125-byte pings as fast as it can for 20 s (at most 3 M) and never reads. */
    public static AttackReport<FrameFlood.Result> pingFlood(Launch launch) throws Exception {
        try (Target target = Target.memory("attack-ping-flood", launch)) {
            return UnderAttack.measure("ping-flood", target.app(), null,
                    () -> FrameFlood.pings(target.app().ws(), Duration.ofSeconds(20), 3_000_000));
        }
    }

    /** b. One connection starts a text message, then sends empty continuation frames for 15 s (at most 6 M). */
    public static AttackReport<FrameFlood.Result> continuationFlood(Launch launch) throws Exception {
        try (Target target = Target.memory("attack-continuation-flood", launch)) {
            return UnderAttack.measure("continuation-flood", target.app(), null,
                    () -> FrameFlood.emptyContinuations(target.app().ws(), Duration.ofSeconds(15), 6_000_000));
        }
    }

    /** c. Six connections hoard history in memory mode for 40 s, within the default rates. */
    public static AttackReport<HistoryHoard.Result> historyInMemory(Launch launch) throws Exception {
        try (Target target = Target.memory("attack-history-memory", launch)) {
            return UnderAttack.measure("history-memory", target.app(), null,
                    () -> HistoryHoard.run(target.app().ws(), 6, Duration.ofSeconds(40)));
        }
    }

    /** c2. Six connections send 32 KiB privates to made-up users (stored in inboxes) in memory mode for 40 s, within the default rates. */
    public static AttackReport<HistoryHoard.Result> inboxesInMemory(Launch launch) throws Exception {
        try (Target target = Target.memory("attack-inbox-memory", launch)) {
            return UnderAttack.measure("inbox-memory", target.app(), null,
                    () -> HistoryHoard.run(target.app().ws(), 6, Duration.ofSeconds(40), (HistoryHoard.Round) HistoryHoard::inboxRound));
        }
    }

    /** d. Three connections hoard history in Redis mode for 20 s; Redis's used_memory is watched. */
    public static AttackReport<HistoryHoard.Result> historyInRedis(Launch launch) throws Exception {
        try (Target target = Target.redis("attack-history-redis", launch)) {
            return UnderAttack.measure("history-redis", target.app(), target.redis()::usedMemoryBytes,
                    () -> HistoryHoard.run(target.app().ws(), 3, Duration.ofSeconds(20)));
        }
    }

    /** e. 40 concurrent chunked API bodies of 9 MiB each (no Content-Length), at most 40 s. */
    public static AttackReport<ChunkedBodies.Result> chunkedBodies(Launch launch) throws Exception {
        try (Target target = Target.withApiKey("attack-chunked-bodies", launch)) {
            return UnderAttack.measure("chunked-bodies", target.app(), null, () -> ChunkedBodies.run(
                    target.app().port(), Target.API_KEY, 40, 9L * 1024 * 1024, Duration.ofSeconds(40)));
        }
    }

    /** f. A well-behaved resume of three full histories (100 × 5 KB each) from offset 0, at connect. */
    public static AttackReport<FullResume.Result> fullResume(Launch launch) throws Exception {
        try (Target target = Target.memory("attack-full-resume", launch)) {
            return UnderAttack.measure("full-resume", target.app(), null, () -> FullResume.run(target.app().ws()));
        }
    }

    /** f. All one member may send (its byte burst of 32 KiB messages, then the byte rate) to five fast readers on the same instance. */
    public static AttackReport<AllowedBurst.Result> allowedBurst(Launch launch) throws Exception {
        try (Target target = Target.memory("attack-allowed-burst", launch)) {
            return UnderAttack.measure("allowed-burst", target.app(), null, () -> AllowedBurst.run(target.app().ws()));
        }
    }
}
