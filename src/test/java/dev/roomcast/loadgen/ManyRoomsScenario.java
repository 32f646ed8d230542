package dev.roomcast.loadgen;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;


/**
 * 1000 connections in 100 rooms of 10; each connection sends one message a second, the sends
 * spread evenly over the second. Every member (the sender included) receives each room message.
 */
final class ManyRoomsScenario {

    private static final int CONNECTIONS = 1000;
    private static final int ROOM_SIZE = 10;
    private static final int WARM_UP_ROUND_SECONDS = 5;
    private static final int SETTLE_SECONDS = 2;

    private final String name;

    /** {@code name}: the step's name in the report ({@code many-rooms}, or {@code many-rooms+publish-hook}). */
    ManyRoomsScenario(String name) {
        this.name = name;
    }

    List<StepResult> run(Fleet fleet, ServerProcess server, double seconds) throws Exception {
        Probe probe = new Probe();
        String run = Long.toString(System.nanoTime(), 36);
        List<RawClient> sockets = fleet.connect(server.ws(), CONNECTIONS, 200,
                i -> "id=m" + i + "&room=r" + run + "-" + (i / ROOM_SIZE), i -> probe.handler());
        sockets.forEach(probe::watch);
        Polling.awaitAtLeast("members in their rooms", probe.joined::sum, CONNECTIONS);
        long[] sent = new long[1];
        long start = System.nanoTime();
        long timer = fleet.vertx.setPeriodic(1, t -> {
            // Connection i sends at i ms past each second: 1000 sends a second, one per millisecond.
            long dueTotal = (System.nanoTime() - start) / 1_000_000;
            while (sent[0] < dueTotal) {
                int i = (int) (sent[0] % CONNECTIONS);
                sockets.get(i).sendText("{\"type\":\"message\",\"room\":\"r" + run + "-" + (i / ROOM_SIZE)
                        + "\",\"content\":\"" + System.nanoTime() + "\"}");
                sent[0]++;
            }
        });
        WarmUp.untilJitSettles(name, List.of(server), 4, 24,
                round -> TimeUnit.SECONDS.sleep(WARM_UP_ROUND_SECONDS));
        // Start-up leftovers are collected now, not in the window: the first young collections copy all of
        // start-up's live data (60-150 ms each under Serial GC), later ones take ~10 ms.
        server.gc();
        TimeUnit.SECONDS.sleep(SETTLE_SECONDS); // messages held up by that pause arrive before the window opens
        double gcBefore = server.gcPauseMillis(); // an HTTP scrape: before the window opens, not inside it
        long warmUpMessages = sent[0];
        long receivedBefore = probe.received.sum();
        probe.interval();
        CpuWindow cpu = CpuWindow.open(List.of(server));
        TimeUnit.MILLISECONDS.sleep((long) (seconds * 1000));
        fleet.cancelTimer(timer);
        long messages = sent[0] - warmUpMessages; // read after the cancel ran on the loop
        long expected = messages * ROOM_SIZE;
        Polling.await(() -> probe.received.sum() - receivedBefore, expected);
        CpuWindow.Usage usage = cpu.close();
        Histogram latencies = probe.interval();
        long received = probe.received.sum() - receivedBefore;
        StepResult result = new StepResult(name, CONNECTIONS, messages / seconds, seconds, expected,
                received, 0, probe.disconnects.sum(), received / seconds,
                latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0,
                latencies.getMaxValue() / 1000.0, usage.serverCpu(), usage.serverJit(), usage.serverRssMb(),
                usage.generatorCpu(), server.gcPauseMillis() - gcBefore, usage.steal());
        Report.print(result);
        fleet.closeAll();
        return List.of(result);
    }
}
