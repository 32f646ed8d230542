package dev.roomcast.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis master with one replica, watched by three sentinels ({@code redis-server --sentinel}, the program
 * Debian's redis-sentinel package runs), all on free loopback ports without persistence. The sentinels take
 * the master for down after 1 s of silence and need two of them to agree.
 */
public final class RedisSentinels implements AutoCloseable {

    private static final String MASTER_NAME = "roomcast";
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final List<RedisProcess> servers = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();
    private int masterPort;

    private RedisSentinels() {
    }

    /** Starts the master, its replica and three sentinels, and waits until the sentinels know both. */
    public static RedisSentinels start() {
        RedisSentinels group = new RedisSentinels();
        try {
            RedisProcess master = group.server(List.of());
            group.masterPort = master.port();
            RedisProcess replica = group.server(List.of("--replicaof", "127.0.0.1", "" + master.port()));
            await("the replica's link to its master is up").atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                    .until(() -> RedisCli.run(replica.port(), "INFO", "replication")
                            .contains("master_link_status:up"));
            for (int i = 0; i < 3; i++) {
                group.sentinels.add(sentinel(master.port()));
            }
            await("every sentinel knows the master, its replica and the other two sentinels").atMost(SETTLE)
                    .pollInterval(Duration.ofMillis(200)).until(group::settled);
            return group;
        } catch (RuntimeException | AssertionError e) {
            group.close();
            throw e;
        }
    }

    /** The sentinels as {@code quarkus.redis.hosts}: redis://127.0.0.1:port, comma-separated. */
    public String hosts() {
        return sentinels.stream().filter(RedisProcess::isAlive).map(s -> "redis://127.0.0.1:" + s.port())
                .collect(Collectors.joining(","));
    }

    /** The name the sentinels monitor the master by ({@code quarkus.redis.master-name}). */
    public String masterName() {
        return MASTER_NAME;
    }

    /** The port of the current master. */
    public int masterPort() {
        return masterPort;
    }

    /** SIGKILL of the current master. */
    public void killMaster() {
        server(masterPort).kill();
    }

    /**
     * Waits until every live sentinel names another master than the killed one and that one answers as a
     * master; returns its port.
     */
    public int awaitFailover() {
        int old = masterPort;
        await("the sentinels promote the replica of the master on port " + old).atMost(SETTLE)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    List<Integer> named = sentinels.stream().filter(RedisProcess::isAlive)
                            .map(s -> namedMasterPort(s.port())).distinct().toList();
                    return named.size() == 1 && named.get(0) != old
                            && RedisCli.run(named.get(0), "ROLE").startsWith("master");
                });
        masterPort = namedMasterPort(sentinels.get(0).port());
        return masterPort;
    }

    /** {@code redis-cli -p port args}, for a server or a sentinel of this group. */
    public String cli(int port, String... args) {
        return RedisCli.run(port, args);
    }

    /** Kills every process and deletes their directories. */
    @Override
    public void close() {
        sentinels.forEach(RedisProcess::close);
        servers.forEach(RedisProcess::close);
    }

    private RedisProcess server(List<String> extra) {
        int port = Ports.free();
        List<String> args = new ArrayList<>(List.of("--port", "" + port, "--bind", "127.0.0.1", "--protected-mode",
                "no", "--save", "", "--appendonly", "no"));
        args.addAll(extra);
        RedisProcess server = RedisProcess.start(port, RedisProcess.newDir("redis-sentinel-group-" + port), args);
        servers.add(server);
        return server;
    }

    private RedisProcess server(int port) {
        return servers.stream().filter(s -> s.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no server of this group on port " + port));
    }

    /** A sentinel rewrites its config file as it learns, so each has one of its own. */
    private static RedisProcess sentinel(int masterPort) {
        int port = Ports.free();
        Path dir = RedisProcess.newDir("redis-sentinel-" + port);
        try {
            Files.writeString(dir.resolve("sentinel.conf"), String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "protected-mode no",
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + MASTER_NAME + " 3000",
                    "sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write sentinel.conf", e);
        }
        return RedisProcess.start(port, dir, List.of(dir.resolve("sentinel.conf").toString(), "--sentinel"));
    }

    private boolean settled() {
        try {
            return sentinels.stream().allMatch(s -> namedMasterPort(s.port()) == masterPort
                    && RedisCli.run(s.port(), "SENTINEL", "REPLICAS", MASTER_NAME).contains("slave")
                    && RedisCli.run(s.port(), "SENTINEL", "CKQUORUM", MASTER_NAME).startsWith("OK 3 usable"));
        } catch (IllegalStateException notYet) { // CKQUORUM answers an error until the sentinels met
            return false;
        }
    }

    /** The master's port as this sentinel names it (SENTINEL GET-MASTER-ADDR-BY-NAME). */
    private static int namedMasterPort(int sentinelPort) {
        String[] address = RedisCli.run(sentinelPort, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).trim()
                .split("\n");
        return Integer.parseInt(address[1].trim());
    }
}
