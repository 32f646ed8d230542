package dev.roomcast.loadgen;

import java.util.List;

/**
 * CPU use over one measured interval, from /proc: the busiest server's, the busiest server's JIT
 * compiler threads', the generator's own, and the hypervisor's steal; and the largest server RSS at
 * its end. Opened when the interval starts, read once when it ends.
 */
final class CpuWindow {

    /** Percent of one core (server, server's JIT, generator) and of the machine (steal) over the window. */
    record Usage(double serverCpu, double serverJit, double generatorCpu, double steal, long serverRssMb) {
    }

    private final List<ServerProcess> servers;
    private final List<ProcStat> serversBefore;
    private final ProcStat generatorBefore;
    private final ProcStat.Host hostBefore;

    private CpuWindow(List<ServerProcess> servers) {
        this.servers = servers;
        this.serversBefore = servers.stream().map(s -> ProcStat.of(s.pid())).toList();
        this.generatorBefore = ProcStat.of(ProcessHandle.current().pid());
        this.hostBefore = ProcStat.Host.now();
    }

    static CpuWindow open(List<ServerProcess> servers) {
        return new CpuWindow(servers);
    }

    Usage close() {
        double server = 0;
        double jit = 0;
        long rssKb = 0;
        for (int i = 0; i < servers.size(); i++) {
            ProcStat now = ProcStat.of(servers.get(i).pid());
            server = Math.max(server, now.cpuPercentSince(serversBefore.get(i)));
            jit = Math.max(jit, now.jitPercentSince(serversBefore.get(i)));
            rssKb = Math.max(rssKb, now.rssKb());
        }
        return new Usage(server, jit, ProcStat.of(ProcessHandle.current().pid()).cpuPercentSince(generatorBefore),
                ProcStat.Host.now().stealPercentSince(hostBefore), rssKb / 1024);
    }
}
