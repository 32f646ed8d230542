package dev.roomcast.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The client's one thread: all of its state is read and changed here, so it needs no locks, and its futures
 * complete here. A daemon, so a client nobody closed does not keep the JVM alive.
 */
final class ClientThread {

    private final ScheduledExecutorService executor;
    private volatile Thread thread;

    ClientThread() {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread created = new Thread(r, "roomcast-client");
            created.setDaemon(true);
            thread = created;
            return created;
        });
    }

    /** Runs the action here and returns what its future gives; from this thread (a listener), at once and in order. */
    <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable run = () -> {
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
        } else {
            executor.execute(run);
        }
        return result;
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

    /** Ends the thread after {@code seconds}: a handshake still under way is aborted when it completes. */
    void endAfter(long seconds) {
        executor.schedule(executor::shutdown, seconds, TimeUnit.SECONDS);
    }
}
