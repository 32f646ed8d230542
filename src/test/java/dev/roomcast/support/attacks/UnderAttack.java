package dev.roomcast.support.attacks;

import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.Witness;

/**
 * Runs one attack against an instance and measures it: a witness pair talks in another room throughout,
 * memory is read idle (after a full GC), watched during the attack ({@link Vitals}), and read again after
 * it (after a full GC), with liveness probed all along. A failing attack client or witness is reported,
 * not thrown, so that the report always has the numbers.
 */
public final class UnderAttack {

    /** The witness sends a message every 20 ms (50 a second, within the default rate). */
    private static final long WITNESS_PERIOD_MILLIS = 20;

    private UnderAttack() {
    }

    /** {@code extra}: another gauge to watch (e.g. Redis's used_memory), or null. */
    public static <R> AttackReport<R> measure(String attack, AppProcess app, LongSupplier extra, Callable<R> run)
            throws InterruptedException {
        try (Witness witness = new Witness(app.ws(), WITNESS_PERIOD_MILLIS)) {
            app.fullGc();
            long idleHeap = app.heapUsedBytes();
            long idleRss = app.rssBytes();
            long idleExtra = extra == null ? -1 : extra.getAsLong();
            Vitals vitals = Vitals.watch(app, extra);
            R result = null;
            String attackFailure = null;
            try {
                result = run.call();
            } catch (Exception | AssertionError e) {
                attackFailure = e.toString();
            }
            boolean collected = app.fullGc();
            long heapAfter = collected ? app.heapUsedBytes() : -1;
            long rssAfter = app.rssBytes();
            Witness.Report seen = null;
            String witnessFailure = null;
            try {
                seen = witness.finish();
            } catch (AssertionError e) {
                witnessFailure = e.getMessage();
            }
            vitals.close();
            int livenessAfter = app.status("/q/health/live");
            String log = app.log();
            return new AttackReport<>(attack, idleHeap, idleRss, vitals.summary(), heapAfter, rssAfter, livenessAfter, seen,
                    witnessFailure, result, attackFailure, idleExtra, log.contains("OutOfMemoryError"), trouble(log));
        }
    }

    /** The first few distinct log lines that tell of trouble (errors, exceptions, out of memory). */
    private static String trouble(String log) {
        return log.lines().filter(l -> l.contains("ERROR") || l.contains("Exception") || l.contains("OutOfMemoryError"))
                .map(l -> l.length() > 200 ? l.substring(0, 200) + "…" : l).distinct().limit(5)
                .collect(Collectors.joining("\n       "));
    }
}
