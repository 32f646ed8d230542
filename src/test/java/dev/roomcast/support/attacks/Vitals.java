package dev.roomcast.support.attacks;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.roomcast.support.AppProcess;

/**
 * Watches an instance while it is attacked: liveness (GET /q/health/live every 500 ms, 2 s to answer, as a
 * kubelet would with a little more patience), resident memory every 250 ms and heap in use every 500 ms,
 * and optionally one more gauge (Redis's used_memory). Keeps the peaks and the longest run of failed probes.
 */
public final class Vitals implements AutoCloseable {

    /** What was seen; memory in bytes, -1 where never read. */
    public record Summary(long peakRss, long peakHeap, long peakExtra, int probes, int failedProbes,
            int longestFailedRun) {
    }

    private final AppProcess app;
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(3, r -> {
        Thread daemon = new Thread(r, "vitals");
        daemon.setDaemon(true);
        return daemon;
    });
    private volatile long peakRss = -1, peakHeap = -1, peakExtra = -1;
    private volatile int probes, failedProbes, failedRun, longestFailedRun;

    private Vitals(AppProcess app, LongSupplier extra) {
        this.app = app;
        threads.scheduleWithFixedDelay(this::probe, 0, 500, TimeUnit.MILLISECONDS);
        threads.scheduleWithFixedDelay(() -> peakRss = Math.max(peakRss, app.rssBytes()), 0, 250, TimeUnit.MILLISECONDS);
        threads.scheduleWithFixedDelay(() -> {
            peakHeap = Math.max(peakHeap, app.heapUsedBytes());
            if (extra != null) {
                peakExtra = Math.max(peakExtra, extra.getAsLong());
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
    }

    /** Starts watching; {@code extra} may be null. */
    public static Vitals watch(AppProcess app, LongSupplier extra) {
        return new Vitals(app, extra);
    }

    private void probe() {
        boolean live = app.status("/q/health/live") == 200;
        probes++;
        if (live) {
            failedRun = 0;
        } else {
            failedProbes++;
            longestFailedRun = Math.max(longestFailedRun, ++failedRun);
        }
    }

    public Summary summary() {
        return new Summary(peakRss, peakHeap, peakExtra, probes, failedProbes, longestFailedRun);
    }

    /** Stops watching; a probe under way is given 3 s to finish. */
    @Override
    public void close() throws InterruptedException {
        threads.shutdown();
        threads.awaitTermination(3, TimeUnit.SECONDS);
        threads.shutdownNow();
    }
}
