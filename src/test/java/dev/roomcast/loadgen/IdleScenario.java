package dev.roomcast.loadgen;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * 10,000 idle connections (no room): how long they take to connect (until every welcome has
 * arrived) and what each costs the server, in heap and in resident memory, measured after a GC.
 */
final class IdleScenario {

    private final String name;

    /** {@code name}: idle, or idle-baseline for the same against {@link BaselineServer}. */
    IdleScenario(String name) {
        this.name = name;
    }

    record Result(String scenario, int connections, double connectSeconds, double heapBytesPerConnection,
            double rssBytesPerConnection, long rssMbAfter, double serverCpu, double serverJit, double generatorCpu,
            double steal) {

        String row() {
            return String.format(Locale.ROOT,
                    "%s: %d connections in %.2f s (server CPU %.0f%%, its JIT %.0f%%, generator %.0f%%, steal %.1f%%); "
                            + "per connection: %.1f KB heap, %.1f KB RSS (server RSS %d MB)",
                    scenario, connections, connectSeconds, serverCpu, serverJit, generatorCpu, steal,
                    heapBytesPerConnection / 1024, rssBytesPerConnection / 1024, rssMbAfter);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"scenario\":\"%s\",\"connections\":%d,\"connect_seconds\":%.3f,"
                    + "\"heap_bytes_per_connection\":%.0f,\"rss_bytes_per_connection\":%.0f,\"server_rss_mb\":%d,"
                    + "\"server_cpu_pct\":%.1f,\"server_jit_pct\":%.1f,\"generator_cpu_pct\":%.1f,\"steal_pct\":%.1f}",
                    scenario, connections, connectSeconds, heapBytesPerConnection, rssBytesPerConnection, rssMbAfter,
                    serverCpu, serverJit, generatorCpu, steal);
        }
    }

    Result run(Fleet fleet, ServerProcess server, int connections) throws Exception {
        // Warm-up, not measured: rounds of connects through cold code until the compiler is done with it.
        WarmUp.untilJitSettles(name, List.of(server), 3, 40, round -> {
            LongAdder warm = new LongAdder();
            fleet.connect(server.ws(), 2000, 500, i -> "id=warm" + i, i -> (data, offset, length) -> warm.increment());
            Polling.awaitAtLeast("warm-up welcomes", warm::sum, 2000);
            fleet.closeAll();
            Polling.until(() -> "warm-up connections still open", () -> server.openConnectionsOrMinusOne() == 0);
        });
        server.gc();
        long heapBefore = server.heapUsedBytes();
        long rssBefore = ProcStat.of(server.pid()).rssKb() * 1024;
        LongAdder welcomed = new LongAdder();
        CpuWindow cpu = CpuWindow.open(List.of(server));
        long start = System.nanoTime();
        fleet.connect(server.ws(), connections, 500, i -> "id=idle" + i,
                i -> (data, offset, length) -> welcomed.increment());
        Polling.awaitAtLeast("welcomes", welcomed::sum, connections);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuWindow.Usage usage = cpu.close();
        server.gc();
        long heapAfter = server.heapUsedBytes();
        long rssAfter = ProcStat.of(server.pid()).rssKb() * 1024;
        Result result = new Result(name, connections, seconds, (heapAfter - heapBefore) / (double) connections,
                (rssAfter - rssBefore) / (double) connections, rssAfter / (1024 * 1024), usage.serverCpu(),
                usage.serverJit(), usage.generatorCpu(), usage.steal());
        System.out.println(result.row());
        Report.json(result.json());
        fleet.closeAll();
        return result;
    }
}
