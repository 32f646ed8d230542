package dev.roomcast.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;


/**
 * One room, N subscribers, one publisher whose rate is stepped up until a step fails (p99 over
 * 50 ms, a loss, a disconnect, or a publisher that cannot keep its rate). Subscribers are spread
 * over the given servers; the publisher is on the first (cross-instance: everything else goes
 * through Redis).
 */
final class FanoutScenario {

    private final String name;
    private final List<ServerProcess> servers;
    private final int subscribers;
    private final double[] rates;
    private final double seconds;
    private final String subscriberQuery;

    /** {@code batched}: the subscribers ask for the batched format ({@code ?batch=1}). */
    FanoutScenario(String name, List<ServerProcess> servers, int subscribers, double[] rates, double seconds,
            boolean batched) {
        this.name = batched ? name + "+batch" : name;
        this.subscriberQuery = batched ? "&batch=1" : "";
        this.servers = servers;
        this.subscribers = subscribers;
        this.rates = rates;
        this.seconds = seconds;
    }

    List<StepResult> run(Fleet fleet) throws Exception {
        String room = "bench-" + System.nanoTime();
        Probe probe = new Probe();
        for (int s = 0; s < servers.size(); s++) {
            int share = subscribers / servers.size() + (s < subscribers % servers.size() ? 1 : 0);
            int server = s;
            fleet.connect(servers.get(s).ws(), share, 200, i -> "id=sub-" + server + "-" + i + "&room=" + room + subscriberQuery,
                    i -> probe.handler()).forEach(probe::watch);
        }
        RawClient publisherSocket = fleet.connect(servers.get(0).ws(), 1, 1, i -> "id=publisher&room=" + room,
                i -> (data, offset, length) -> { }).get(0);
        Polling.awaitAtLeast("subscribers in the room", probe.joined::sum, subscribers);
        Publisher publisher = new Publisher(fleet, publisherSocket, room);

        WarmUp.untilJitSettles(name, servers, 4, 24, round -> {
            StepResult warmUp = step(fleet, probe, publisher, rates[Math.min(round, 2)]);
            if (warmUp.disconnects() > 0) {
                throw new IllegalStateException("subscribers dropped during the warm-up: " + warmUp.row());
            }
        });
        for (ServerProcess server : servers) {
            server.gc(); // start-up's leftovers collected now, between steps (see ServerProcess.gc)
        }
        List<StepResult> results = new ArrayList<>();
        for (double rate : rates) {
            StepResult step = step(fleet, probe, publisher, rate);
            results.add(step);
            Report.print(step);
            if (!step.passed()) {
                break;
            }
        }
        fleet.closeAll();
        return results;
    }

    private StepResult step(Fleet fleet, Probe probe, Publisher publisher, double rate) throws Exception {
        double gcBefore = gcPauseMillis(); // an HTTP scrape: before the CPU readings start
        probe.interval(); // forget the previous step's latencies
        long receivedBefore = probe.received.sum();
        long sentBefore = publisher.sent();
        long skippedBefore = publisher.skipped();
        long disconnectsBefore = probe.disconnects.sum();
        CpuWindow cpu = CpuWindow.open(servers);
        publisher.start(rate);
        TimeUnit.MILLISECONDS.sleep((long) (seconds * 1000)); // the measured interval itself
        publisher.stop();
        long expected = (publisher.sent() - sentBefore) * subscribers;
        Polling.await(() -> probe.received.sum() - receivedBefore, expected);
        CpuWindow.Usage usage = cpu.close();
        long received = probe.received.sum() - receivedBefore;
        Histogram latencies = probe.interval();
        return new StepResult(name, subscribers, rate, seconds, expected, received,
                publisher.skipped() - skippedBefore, probe.disconnects.sum() - disconnectsBefore,
                received / seconds / servers.size(), latencies.getValueAtPercentile(50) / 1000.0,
                latencies.getValueAtPercentile(99) / 1000.0, latencies.getMaxValue() / 1000.0, usage.serverCpu(),
                usage.serverJit(), usage.serverRssMb(), usage.generatorCpu(), gcPauseMillis() - gcBefore,
                usage.steal());
    }

    /** GC pauses of all servers so far; the worst single server is what a step feels, the sum is close enough. */
    private double gcPauseMillis() {
        return servers.stream().mapToDouble(ServerProcess::gcPauseMillis).sum();
    }
}
