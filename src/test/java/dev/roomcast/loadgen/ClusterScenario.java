package dev.roomcast.loadgen;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

import dev.roomcast.support.RedisCluster;
import dev.roomcast.support.RedisServer;

/**
 * One Redis against a Redis Cluster of three masters (a replica each), with the same traffic: two instances (both
 * on the server core), 300 rooms with a member on each instance, 100,000 room messages sent half from each side at
 * a steady pace, every one checked to arrive on both instances. On two cores a cluster cannot show more throughput,
 * so it reports what scales instead: each Redis node's commands and CPU per 100k messages ({@link RedisUsage}).
 */
final class ClusterScenario {

    private static final int ROOMS = 300;
    private static final int MESSAGES = 100_000;
    private static final int WARM_UP_MESSAGES = 20_000;
    /** At 5,000/s the two instances on one core fell seconds behind and answered fanout_timeout. */
    private static final double PER_SECOND = 2_000;
    private static final long IDLE_MILLIS = 3_000;
    private static final byte[] ERROR = "{\"type\":\"error\"".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern ROOM_INDEX = Pattern.compile("\\d+");

    private final Path jar;
    private final String cpu;
    private volatile String firstError;

    ClusterScenario(Path jar, String cpu) {
        this.jar = jar;
        this.cpu = cpu;
    }

    void run(Fleet fleet) throws Exception {
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            measure(fleet, "standalone", Map.of("quarkus.redis.hosts", redis.uri()),
                    List.of(new RedisUsage.Node("127.0.0.1:" + redis.port(), "standalone", redis.port())), null);
        }
        try (RedisCluster cluster = RedisCluster.start()) {
            List<RedisUsage.Node> nodes = new ArrayList<>();
            List<RedisCluster.Node> masters = cluster.masters();
            for (RedisCluster.Node node : cluster.nodes()) {
                nodes.add(new RedisUsage.Node("127.0.0.1:" + node.port(), masters.contains(node) ? "master" : "replica",
                        node.port()));
            }
            nodes.sort((a, b) -> a.role().compareTo(b.role()));
            measure(fleet, "cluster-3-masters", Map.of("quarkus.redis.hosts", cluster.hosts(),
                    "quarkus.redis.client-type", "cluster"), nodes, cluster);
        }
    }

    private void measure(Fleet fleet, String setup, Map<String, String> redis, List<RedisUsage.Node> nodes,
            RedisCluster cluster) throws Exception {
        Map<String, String> settings = new HashMap<>(redis);
        settings.put("roomcast.fanout.type", "redis");
        List<ServerProcess> servers = new ArrayList<>();
        try {
            servers.add(ServerProcess.start(setup + "-a", jar, cpu, settings));
            servers.add(ServerProcess.start(setup + "-b", jar, cpu, settings));
            String run = Long.toString(System.nanoTime(), 36);
            Probe probeA = new Probe();
            Probe probeB = new Probe();
            LongAdder errors = new LongAdder();
            List<RawClient> a = fleet.connect(servers.get(0).ws(), ROOMS, 100, i -> "id=a" + i + "&room=" + room(run, i),
                    i -> counting(probeA, errors));
            List<RawClient> b = fleet.connect(servers.get(1).ws(), ROOMS, 100, i -> "id=b" + i + "&room=" + room(run, i),
                    i -> counting(probeB, errors));
            a.forEach(probeA::watch);
            b.forEach(probeB::watch);
            Polling.awaitAtLeast(setup + ": members in their rooms", () -> probeA.joined.sum() + probeB.joined.sum(),
                    2L * ROOMS);

            firstError = null;
            long[] warmUp = send(fleet, run, a, b, WARM_UP_MESSAGES);
            awaitBoth(probeA, 0, probeB, 0, warmUp[0]);
            System.out.printf(Locale.ROOT, "%s: warm-up of %d messages, delivered on A %d, on B %d, errors %d%n",
                    setup, warmUp[0], probeA.received.sum(), probeB.received.sum(), errors.sumThenReset());
            firstError = null;

            Map<Integer, Integer> roomsByPort = cluster == null ? Map.of() : roomsByMaster(cluster, run);
            RedisUsage usage = new RedisUsage(nodes);
            usage.measureIdle(IDLE_MILLIS);
            long receivedA = probeA.received.sum();
            long receivedB = probeB.received.sum();
            probeA.interval();
            probeB.interval();
            usage.start();
            CpuWindow serverCpu = CpuWindow.open(servers);
            long start = System.nanoTime();
            long[] sent = send(fleet, run, a, b, MESSAGES);
            awaitBoth(probeA, receivedA, probeB, receivedB, sent[0]);
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuWindow.Usage load = serverCpu.close();
            long deliveredA = probeA.received.sum() - receivedA;
            long deliveredB = probeB.received.sum() - receivedB;
            Histogram latencies = probeA.interval();
            latencies.add(probeB.interval());
            System.out.printf(Locale.ROOT, "%s: sent %d (skipped %d), delivered on A %d and on B %d of %d each, "
                    + "errors %d, disconnects %d, p50 %.2f ms, p99 %.2f ms, max %.0f ms; busier instance's CPU %.0f%% "
                    + "of a core (both share one), steal %.1f%%%n", setup, sent[0], sent[1], deliveredA, deliveredB,
                    sent[0], errors.sum(), probeA.disconnects.sum() + probeB.disconnects.sum(),
                    latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0,
                    latencies.getMaxValue() / 1000.0, load.serverCpu(), load.steal());
            usage.report(setup, sent[0], seconds, roomsByPort, ROOMS);
            boolean complete = deliveredA == sent[0] && deliveredB == sent[0] && sent[1] == 0 && errors.sum() == 0;
            Report.json(String.format(Locale.ROOT, "{\"scenario\":\"cluster\",\"setup\":\"%s\",\"sent\":%d,"
                    + "\"skipped\":%d,\"delivered_a\":%d,\"delivered_b\":%d,\"errors\":%d,\"p99_ms\":%.3f,"
                    + "\"pass\":%b}", setup, sent[0], sent[1], deliveredA, deliveredB, errors.sum(),
                    latencies.getValueAtPercentile(99) / 1000.0, complete));
            if (!complete) {
                System.out.println(setup + ": NOT every message arrived on both instances without an error; the "
                        + "first error: " + firstError);
            }
            fleet.closeAll();
        } finally {
            for (ServerProcess server : servers) {
                server.close();
            }
        }
    }

    private static String room(String run, int i) {
        return "c" + run + "-" + i;
    }

    /** The probe's handler, counting error frames too (a refused or failed send shows up as one). */
    private RawClient.FrameHandler counting(Probe probe, LongAdder errors) {
        RawClient.FrameHandler inner = probe.handler();
        return (data, offset, length) -> {
            if (length >= ERROR.length && Arrays.equals(data, offset, offset + ERROR.length, ERROR, 0, ERROR.length)) {
                errors.increment();
                if (firstError == null) {
                    firstError = new String(data, offset, Math.min(length, 300), StandardCharsets.UTF_8);
                }
            }
            inner.onText(data, offset, length);
        };
    }

    /**
     * Sends {@code count} room messages at {@link #PER_SECOND}, round-robin over the rooms, alternately from the
     * member on A and the one on B; returns {sent, skipped} (skipped: the socket's write queue was full).
     */
    private static long[] send(Fleet fleet, String run, List<RawClient> a, List<RawClient> b, long count)
            throws Exception {
        long[] progress = new long[2];
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime();
        long[] timer = new long[1];
        fleet.vertx.runOnContext(v -> timer[0] = fleet.vertx.setPeriodic(1, t -> {
            long due = Math.min(count, (long) (PER_SECOND * (System.nanoTime() - start) / 1e9));
            for (long k = progress[0] + progress[1]; k < due; k++) {
                int room = (int) (k % ROOMS);
                RawClient sender = (k / ROOMS) % 2 == 0 ? a.get(room) : b.get(room);
                if (sender.writeQueueFull()) {
                    progress[1]++;
                } else {
                    sender.sendText("{\"type\":\"message\",\"room\":\"" + room(run, room) + "\",\"content\":\""
                            + System.nanoTime() + "\"}");
                    progress[0]++;
                }
            }
            if (progress[0] + progress[1] >= count) {
                fleet.vertx.cancelTimer(timer[0]);
                done.countDown();
            }
        }));
        if (!done.await((long) (count / PER_SECOND) + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("sending " + count + " messages did not finish");
        }
        return progress.clone();
    }

    /** Waits until both sides have {@code expected} more messages, or until arrivals stop for a second. */
    private static void awaitBoth(Probe probeA, long baseA, Probe probeB, long baseB, long expected)
            throws InterruptedException {
        Polling.await(() -> probeA.received.sum() - baseA, expected);
        Polling.await(() -> probeB.received.sum() - baseB, expected);
    }

    /**
     * How many of this run's rooms each master holds as shard channels (empty: none are sharded). A room counts
     * once however many channels it has there.
     */
    private static Map<Integer, Integer> roomsByMaster(RedisCluster cluster, String run) {
        String prefix = "c" + run + "-";
        Map<Integer, Integer> rooms = new HashMap<>();
        for (RedisCluster.Node master : cluster.masters()) {
            Set<String> here = new HashSet<>();
            for (String channel : cluster.shardChannels(master)) {
                int at = channel.indexOf(prefix);
                if (at >= 0) {
                    Matcher index = ROOM_INDEX.matcher(channel.substring(at + prefix.length()));
                    if (index.lookingAt()) {
                        here.add(index.group());
                    }
                }
            }
            if (!here.isEmpty()) {
                rooms.put(master.port(), here.size());
            }
        }
        return rooms;
    }
}
