package dev.roomcast.support.attacks;

import java.util.Locale;

import dev.roomcast.support.Witness;

/**
 * What one attack did to an instance: memory idle (heap after a full GC), at its peak during the attack
 * (heap as scraped, garbage included) and after it (heap after a full GC: what the attack left referenced),
 * liveness throughout, the witness pair in another room, and how the attack itself ended ({@code result}).
 * Memory in bytes; -1 where it could not be read (an instance that stopped answering).
 */
public record AttackReport<R>(String attack, long idleHeap, long idleRss, Vitals.Summary during, long heapAfterGc,
        long rssAfter, int livenessAfter, Witness.Report witness, String witnessFailure, R result,
        String attackFailure, long idleExtra, boolean outOfMemoryInLog, String logExcerpt) {

    /** Kubernetes restarts a pod after 3 failed liveness probes in a row (the chart's failureThreshold). */
    public static final int LIVENESS_FAILURES_TOLERATED = 2;

    public boolean livenessHeld() {
        return during.longestFailedRun() <= LIVENESS_FAILURES_TOLERATED && livenessAfter == 200;
    }

    public boolean witnessServed() {
        return witnessFailure == null && witness != null && witness.received() == witness.sent();
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
    }

    private String liveness() {
        return (livenessHeld() ? "held" : "FAILED") + String.format(Locale.ROOT, " (%d of %d probes failed, at most %d in a row; "
                + "after: %s)", during.failedProbes(), during.probes(), during.longestFailedRun(),
                livenessAfter < 0 ? "no answer" : livenessAfter);
    }

    private String witnessText() {
        if (witnessFailure != null) {
            return "FAILED: " + witnessFailure;
        }
        return served();
    }

    /** For the table: a failure's first 100 characters. */
    private String witnessShort() {
        if (witnessFailure != null) {
            return "FAILED: " + (witnessFailure.length() > 100 ? witnessFailure.substring(0, 100) + "…" : witnessFailure);
        }
        return served();
    }

    private String served() {
        return witness.received() + "/" + witness.sent() + " in order, worst " + witness.worstMillis() + " ms";
    }

    private String ending() {
        String redis = idleExtra < 0 ? "" : "; Redis used_memory " + mib(idleExtra) + " → " + mib(during.peakExtra()) + " MiB";
        return (attackFailure != null ? "attack failed: " + attackFailure : String.valueOf(result)) + redis;
    }

    /** A row of the table in docs/performance.md: MiB idle → peak → after a GC. */
    public String row() {
        return String.format(Locale.ROOT, "| %s | %s / %s | %s / %s | %s / %s | %s | %s | %s |", attack, mib(idleHeap),
                mib(idleRss), mib(during.peakHeap()), mib(during.peakRss()), mib(heapAfterGc), mib(rssAfter), liveness(),
                witnessShort(), ending());
    }

    public static String header() {
        return "| attack | idle heap / RSS (MiB) | peak heap / RSS | heap after GC / RSS after | liveness | witness | attacker |\n"
                + "|---|---|---|---|---|---|---|";
    }

    public String json() {
        return String.format(Locale.ROOT, "{\"scenario\":\"attacks\",\"attack\":\"%s\",\"idle_heap\":%d,\"idle_rss\":%d,"
                + "\"peak_heap\":%d,\"peak_rss\":%d,\"heap_after_gc\":%d,\"rss_after\":%d,\"idle_extra\":%d,"
                + "\"peak_extra\":%d,\"liveness_held\":%b,\"liveness_failed_probes\":%d,\"witness_served\":%b,"
                + "\"witness_worst_ms\":%d,\"out_of_memory\":%b,\"ending\":\"%s\"}", attack, idleHeap, idleRss, during.peakHeap(),
                during.peakRss(), heapAfterGc, rssAfter, idleExtra, during.peakExtra(), livenessHeld(),
                during.failedProbes(), witnessServed(), witness == null ? -1 : witness.worstMillis(),
                outOfMemoryInLog, ending().replace("\\", "\\\\").replace("\"", "'"));
    }

    @Override
    public String toString() {
        return attack + ":\n  memory (MiB): idle heap " + mib(idleHeap) + ", RSS " + mib(idleRss) + "; peak heap "
                + mib(during.peakHeap()) + ", RSS " + mib(during.peakRss()) + "; after, heap (after a GC) "
                + mib(heapAfterGc) + ", RSS " + mib(rssAfter)
                + "\n  liveness: " + liveness() + "\n  witness: " + witnessText() + "\n  attacker: " + ending()
                + (logExcerpt.isEmpty() ? "" : "\n  log: " + logExcerpt);
    }
}
