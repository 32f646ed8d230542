package dev.roomcast.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The client's one thread: all of its state is read and changed here, so it needs no locks, and its futures
 * complete here. A daemon, so a client nobody closed does not keep the JVM alive.
 */
final class ClientThread {

    private static final long END_AFTER_SECONDS = 11;

    private final ScheduledExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The close ran (read and written on this thread only). */
    private boolean ended;
    private volatile Thread thread;

    ClientThread() {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread created = new Thread(r, "roomcast-client");
            created.setDaemon(true);
            thread = created;
            return created;
        });
    }

    /**
     * Runs the action here and returns what its future gives; from this thread (a listener), at once and in order.
     * Once the client is closed the future fails with {@code closed} instead.
     */
    <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable run = () -> {
            if (ended) { // behind the close, whose failing of everything waiting it came too late for
                result.completeExceptionally(closed());
                return;
            }
            try {
                CompletableFuture<T> inner = action.get();
                if (inner == null) {
                    result.complete(null);
                } else {
                    inner.whenComplete((value, failure) -> {
                        if (failure != null) { // the cause itself, as every future of this client fails
                            result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause() : failure);
                        } else {
                            result.complete(value);
                        }
                    });
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (Thread.currentThread() == thread) {
            run.run();
        } else if (closed.get()) {
            result.completeExceptionally(closed());
        } else {
            try {
                executor.execute(run);
            } catch (RejectedExecutionException gone) { // closed, and this thread gone
                result.completeExceptionally(closed());
            }
        }
        return result;
    }

    /**
     * Closes the client: runs {@code last} here (after what was queued before it), after which every call fails
     * with {@code closed}; the thread ends {@value #END_AFTER_SECONDS} s later, once a handshake still under way
     * (its 10 s connect timeout) has completed and been aborted. Closing again does nothing.
     */
    void close(Runnable last) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Runnable closing = () -> {
            ended = true;
            last.run();
            executor.schedule(executor::shutdown, END_AFTER_SECONDS, TimeUnit.SECONDS);
        };
        if (Thread.currentThread() == thread) {
            closing.run();
        } else {
            post(closing);
        }
    }

    /** Runs the task here, unless the client is closed and this thread gone. */
    void post(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closed) {
            // closed for good: nothing to do
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return executor.schedule(task, delay, unit);
    }

    ScheduledFuture<?> every(Runnable task, long millis) {
        return executor.scheduleAtFixedRate(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    Executor executor() {
        return executor;
    }

    private static RoomcastException closed() {
        return new RoomcastException("closed", "the client was closed");
    }
}
