package dev.roomcast.loadgen;

import java.util.Locale;

/** One measured step of a scenario: what was offered, what arrived, how fast, at what cost. */
record StepResult(String scenario, int subscribers, double offeredPerSecond, double seconds, long expected,
        long received, long skipped, long disconnects, double deliveriesPerSecond, double p50Millis,
        double p99Millis, double maxMillis, double serverCpuPercent, double serverJitPercent, long serverRssMb,
        double generatorCpuPercent, double gcPauseMillis, double stealPercent) {

    long losses() {
        return Math.max(0, expected - received);
    }

    /** The bar: p99 under 50 ms, nothing lost, nobody dropped, the publisher kept its rate. */
    boolean passed() {
        return p99Millis < 50 && losses() == 0 && disconnects == 0 && skipped == 0;
    }

    static String header() {
        return String.format(Locale.ROOT, "%-14s %6s %9s %11s %8s %8s %8s %7s %6s %8s %6s %8s %8s %7s %6s  %s",
                "scenario", "subs", "offered/s", "deliveries/s", "p50 ms", "p99 ms", "max ms", "lost", "disc", "srv cpu%",
                "jit%", "srv MB", "gen cpu%", "gc ms", "steal%", "pass");
    }

    String row() {
        return String.format(Locale.ROOT,
                "%-14s %6d %9.0f %11.0f %8.2f %8.2f %8.2f %7d %6d %8.0f %6.1f %8d %7.0f %7.0f %6.1f  %s",
                scenario, subscribers, offeredPerSecond, deliveriesPerSecond, p50Millis, p99Millis, maxMillis, losses(),
                disconnects, serverCpuPercent, serverJitPercent, serverRssMb, generatorCpuPercent, gcPauseMillis,
                stealPercent, passed() ? "yes" : "NO");
    }

    String json() {
        return String.format(Locale.ROOT, "{\"scenario\":\"%s\",\"subscribers\":%d,\"offered_per_s\":%.1f,"
                + "\"seconds\":%.1f,\"expected\":%d,\"received\":%d,\"lost\":%d,\"skipped\":%d,\"disconnects\":%d,"
                + "\"deliveries_per_s\":%.0f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"server_cpu_pct\":%.1f,"
                + "\"server_jit_pct\":%.1f,\"server_rss_mb\":%d,\"generator_cpu_pct\":%.1f,\"gc_pause_ms\":%.1f,"
                + "\"steal_pct\":%.1f,\"pass\":%b}", scenario,
                subscribers, offeredPerSecond, seconds, expected, received, losses(), skipped, disconnects,
                deliveriesPerSecond, p50Millis, p99Millis, maxMillis, serverCpuPercent, serverJitPercent, serverRssMb,
                generatorCpuPercent, gcPauseMillis, stealPercent, passed());
    }
}
