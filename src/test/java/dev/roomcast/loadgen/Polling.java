package dev.roomcast.loadgen;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Bounded waits on counters, polled: the generator has no events to block on for "all arrived". */
final class Polling {

    private Polling() {
    }

    /** Waits until {@code count} reaches {@code expected}, or stops growing for a second (what is missing is lost). */
    static void await(LongSupplier count, long expected) throws InterruptedException {
        long last = -1;
        long stalledSince = System.nanoTime();
        while (count.getAsLong() < expected) {
            long now = count.getAsLong();
            if (now != last) {
                last = now;
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > TimeUnit.SECONDS.toNanos(1)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    static void awaitAtLeast(String what, LongSupplier count, long expected) throws InterruptedException {
        until(() -> what + ": only " + count.getAsLong() + " of " + expected, () -> count.getAsLong() >= expected);
    }

    /** Waits (at most 60 s) until the condition holds; fails with {@code why} otherwise. */
    static void until(Supplier<String> why, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(why.get() + " in 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
