package dev.roomcast.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster for tests: six Debian redis-server processes in cluster mode on free loopback ports
 * (three masters, a replica each), no persistence. Nodes can be killed, failovers awaited and slots moved;
 * every wait is bounded and ends with every live node agreeing on who owns which slot.
 */
public final class RedisCluster implements AutoCloseable {

    /** A cluster node: its id (CLUSTER MYID) and its port on 127.0.0.1. */
    public record Node(String id, int port) {
    }

    private static final int NODES = 6;
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final Map<Integer, RedisProcess> processes = new LinkedHashMap<>();
    /** For each killed master, the ids of its replicas when it died: one of them should take its place. */
    private final Map<String, Set<String>> replicasOfKilled = new HashMap<>();

    private RedisCluster() {
    }

    /** Starts a cluster whose nodes take a silent peer for failed after 2 s. */
    public static RedisCluster start() {
        return start(Duration.ofMillis(2000));
    }

    /**
     * Starts a cluster with this {@code cluster-node-timeout} and {@code cluster-require-full-coverage no}, and waits
     * until it is ready.
     */
    public static RedisCluster start(Duration nodeTimeout) {
        RedisCluster cluster = new RedisCluster();
        try {
            for (int i = 0; i < NODES; i++) {
                int port = Ports.freeWithBusPort();
                cluster.processes.put(port, RedisProcess.start(port, RedisProcess.newDir("redis-cluster-" + port),
                        List.of("--port", "" + port, "--bind", "127.0.0.1", "--protected-mode", "no",
                                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                                "--cluster-node-timeout", "" + nodeTimeout.toMillis(),
                                // as docs/operations.md recommends: a failed master stops only its own slots
                                "--cluster-require-full-coverage", "no",
                                "--save", "", "--appendonly", "no")));
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            cluster.processes.keySet().forEach(port -> create.add("127.0.0.1:" + port));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            RedisCli.exec(create);
            await("a cluster of 3 masters, each with its replica attached, state ok on every node")
                    .atMost(SETTLE).pollInterval(Duration.ofMillis(200)).until(cluster::ready);
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** The masters as {@code quarkus.redis.hosts}: redis://127.0.0.1:port, comma-separated. */
    public String hosts() {
        return masters().stream().map(n -> "redis://127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    /** The masters that are up now, by their first slot. */
    public List<Node> masters() {
        return view().liveMasters().stream().map(e -> new Node(e.id(), e.port())).toList();
    }

    /** Every node whose process runs: masters and replicas. */
    public List<Node> nodes() {
        return processes.values().stream().filter(RedisProcess::isAlive)
                .map(p -> new Node(cli(p.port(), "CLUSTER", "MYID").trim(), p.port())).toList();
    }

    /** The slot of a key (CLUSTER KEYSLOT). */
    public int slot(String key) {
        return Integer.parseInt(cli(anyLivePort(), "CLUSTER", "KEYSLOT", key).trim());
    }

    /** The master that owns this slot now. */
    public Node masterOf(int slot) {
        ClusterNodesView.Entry owner = view().ownerOf(slot)
                .orElseThrow(() -> new IllegalStateException("no master owns slot " + slot));
        return new Node(owner.id(), owner.port());
    }

    /** SIGKILL of that node's process. */
    /** Freezes the node (SIGSTOP): its connections stay open and nothing is answered, until {@link #thaw}. */
    public void freeze(Node node) {
        process(node).signal("STOP");
    }

    public void thaw(Node node) {
        process(node).signal("CONT");
    }

    public void kill(Node node) {
        RedisProcess process = process(node);
        replicasOfKilled.put(node.id(), view().replicasOf(node.id()).stream().map(ClusterNodesView.Entry::id)
                .collect(Collectors.toSet()));
        process.kill();
    }

    /**
     * Waits until a replica of the killed master has taken its place (every live node says it is a master and
     * owns the slots) and the cluster is ok on every live node; returns the new master.
     */
    public Node awaitFailover(Node killed) {
        Node[] promoted = new Node[1];
        await("a replica of " + killed + " promoted, state ok on the survivors").atMost(SETTLE)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    ClusterNodesView view = view();
                    promoted[0] = view.entries().stream()
                            .filter(e -> e.isMaster() && !e.isDown() && !e.slots().isEmpty())
                            .filter(e -> replicasOfKilled.getOrDefault(killed.id(), Set.of()).contains(e.id()))
                            .map(e -> new Node(e.id(), e.port()))
                            .findFirst().orElse(null);
                    return promoted[0] != null && agreed();
                });
        return promoted[0];
    }

    /** Moves {@code slots} slots with their keys (redis-cli --cluster reshard) and waits for agreement. */
    public void reshard(Node from, Node to, int slots) {
        RedisCli.exec(List.of("--cluster", "reshard", "127.0.0.1:" + to.port(), "--cluster-from", from.id(),
                "--cluster-to", to.id(), "--cluster-slots", "" + slots, "--cluster-yes"));
        awaitAgreement();
    }

    /** Moves one slot with its keys to that master, step by step as the cluster spec says, and waits. */
    public void moveSlot(int slot, Node to) {
        Node from = masterOf(slot);
        if (from.equals(to)) {
            return;
        }
        cli(to, "CLUSTER", "SETSLOT", "" + slot, "IMPORTING", from.id());
        cli(from, "CLUSTER", "SETSLOT", "" + slot, "MIGRATING", to.id());
        for (String keys = cli(from, "CLUSTER", "GETKEYSINSLOT", "" + slot, "100"); !keys.isBlank();
                keys = cli(from, "CLUSTER", "GETKEYSINSLOT", "" + slot, "100")) {
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", "" + to.port(), "", "0", "5000",
                    "KEYS"));
            migrate.addAll(Arrays.asList(keys.trim().split("\n")));
            cli(from, migrate.toArray(String[]::new));
        }
        cli(to, "CLUSTER", "SETSLOT", "" + slot, "NODE", to.id());
        cli(from, "CLUSTER", "SETSLOT", "" + slot, "NODE", to.id());
        masters().stream().filter(m -> !m.equals(to) && !m.equals(from))
                .forEach(m -> cli(m, "CLUSTER", "SETSLOT", "" + slot, "NODE", to.id()));
        awaitAgreement();
    }

    /** The shard channels with subscribers on that node (PUBSUB SHARDCHANNELS). */
    public Set<String> shardChannels(Node node) {
        return Arrays.stream(cli(node, "PUBSUB", "SHARDCHANNELS").split("\n")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    /** Calls per command since the node started (INFO commandstats), e.g. "publish" → 1200. */
    public Map<String, Long> commandCalls(Node node) {
        return RedisStats.commandCalls(node.port());
    }

    /** CPU seconds the node has used, system and user (INFO cpu). */
    public double cpuSeconds(Node node) {
        return RedisStats.cpuSeconds(node.port());
    }

    /** {@code redis-cli -p <node's port> args}: its output. */
    public String cli(Node node, String... args) {
        return cli(node.port(), args);
    }

    /** Kills every node and deletes their directories. */
    @Override
    public void close() {
        processes.values().forEach(RedisProcess::close);
    }

    private static String cli(int port, String... args) {
        return RedisCli.run(port, args);
    }

    private RedisProcess process(Node node) {
        RedisProcess process = processes.get(node.port());
        if (process == null) {
            throw new IllegalArgumentException(node + " is not a node of this cluster");
        }
        return process;
    }

    private int anyLivePort() {
        return processes.values().stream().filter(RedisProcess::isAlive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the cluster is running")).port();
    }

    private ClusterNodesView view() {
        return ClusterNodesView.parse(cli(anyLivePort(), "CLUSTER", "NODES"));
    }

    /** Three masters, each with a replica whose link is up, and every node agreeing. */
    private boolean ready() {
        ClusterNodesView view = view();
        List<ClusterNodesView.Entry> masters = view.liveMasters();
        return masters.size() == NODES / 2 && masters.stream().allMatch(m -> !m.slots().isEmpty()
                && view.replicasOf(m.id()).stream().anyMatch(r -> cli(r.port(), "INFO", "replication")
                        .contains("master_link_status:up")))
                && agreed();
    }

    private void awaitAgreement() {
        await("every live node agrees on the slots, no migration open, state ok").atMost(SETTLE)
                .pollInterval(Duration.ofMillis(100)).until(this::agreed);
    }

    /** Every live node says cluster_state:ok and sees the same owner for every slot, none migrating. */
    private boolean agreed() {
        Set<String> slotMaps = new HashSet<>();
        for (RedisProcess node : processes.values()) {
            if (!node.isAlive()) {
                continue;
            }
            if (!cli(node.port(), "CLUSTER", "INFO").contains("cluster_state:ok")) {
                return false;
            }
            ClusterNodesView view = ClusterNodesView.parse(cli(node.port(), "CLUSTER", "NODES"));
            if (view.migrating()) {
                return false;
            }
            slotMaps.add(view.slotMap());
        }
        return slotMaps.size() == 1;
    }
}
