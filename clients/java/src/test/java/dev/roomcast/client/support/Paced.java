package dev.roomcast.client.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A steady sender for tests: runs step 0, 1, 2, … on a thread of its own with a fixed pause between ticks,
 * instead of a loop that sleeps. A step that returns false is not done yet and is tried again at the next
 * tick (a sender that must not run too far ahead of a reader). Stops after {@code steps}, on a failed step,
 * or at {@link #close}, which waits until no step is running any more.
 */
public final class Paced implements AutoCloseable {

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread daemon = new Thread(r, "paced");
        daemon.setDaemon(true); // a test that failed before close() must not keep the JVM alive
        return daemon;
    });
    private final AtomicInteger done = new AtomicInteger();
    private final CompletableFuture<Integer> finished = new CompletableFuture<>();

    private Paced(int steps, Duration every, IntPredicate step) {
        // With a fixed delay, a slow step (a kill, a wait) shifts the rest instead of causing a catch-up burst.
        thread.scheduleWithFixedDelay(() -> {
            int next = done.get();
            if (next >= steps) {
                finished.complete(next);
                thread.shutdown();
                return;
            }
            try {
                if (step.test(next)) {
                    done.incrementAndGet();
                }
            } catch (RuntimeException | AssertionError failed) {
                finished.completeExceptionally(failed);
                thread.shutdown();
            }
        }, 0, every.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts {@code steps} steps (Integer.MAX_VALUE: until closed), one per {@code every} at most. */
    public static Paced start(int steps, Duration every, IntPredicate step) {
        return new Paced(steps, every, step);
    }

    /** Steps done so far. */
    public int done() {
        return done.get();
    }

    /** Waits until every step is done; rethrows a step's failure. */
    public void awaitAll(Duration within) {
        try {
            finished.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException late) {
            throw new AssertionError("only " + done.get() + " steps done within " + within, late);
        } catch (java.util.concurrent.ExecutionException failed) {
            throw new AssertionError("step " + done.get() + " failed", failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the steps", interrupted);
        }
    }

    /** Stops; a step under way finishes (it is not interrupted), then the count is final. Rethrows a step's failure. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdown(); // cancels the next ticks
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new AssertionError("a paced step still ran 10 s after close");
        }
        if (finished.isCompletedExceptionally()) {
            awaitAll(Duration.ZERO); // throws the step's failure
        }
    }
}
