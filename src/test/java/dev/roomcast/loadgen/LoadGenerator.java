package dev.roomcast.loadgen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.roomcast.support.HookBackend;
import dev.roomcast.support.RedisServer;
import dev.roomcast.support.attacks.Attacks;

/**
 * Roomcast's load generator. Starts the packaged server itself on loopback (pinned to core 0 with
 * taskset), pins itself to core 1, runs the chosen scenarios, prints a table and JSON lines, and
 * stops everything. Every run is bounded: a watchdog ends it after --max-minutes.
 *
 * <pre>
 * usage: LoadGenerator [fanout-100] [fanout-1000] [many-rooms] [idle] [cross-instance] [resume] [all]
 *                      [join-10000x1] [join-100x100] [join-1x10000] (10,000 connections joining rooms at connect)
 *                      [rejoin-storm] (5,000 members of one room move between two instances on Redis at once)
 *                      [join-storm] (= join-10000x1 join-100x100 rejoin-storm) [big-room] (= join-10000x1 join-1x10000)
 *                      [idle-baseline] (the idle scenario against a bare Vert.x server, not Roomcast)
 *                      [attacks] (issue 25's memory attacks, -Xmx448m, default settings) [attack:ping-flood] (one of them)
 *                      [cluster] (Redis commands and CPU per 100k room messages: one Redis vs a 3-master cluster)
 *                      [--seconds=5] [--max-minutes=30] [--jar=target/quarkus-app/quarkus-run.jar]
 *                      [--batch] (fan-out subscribers ask for batched frames)
 *                      [--publish-hook] (many-rooms with roomcast.hooks.publish-url set: a local hook server that
 *                      answers {"allow":true} at once; the step is reported as many-rooms+publish-hook)
 * </pre>
 */
public final class LoadGenerator {

    private static final double[] RATES_100 = { 1000, 2000, 4000, 6000, 8000, 10000, 12000, 15000, 20000, 25000 };
    private static final double[] RATES_1000 = { 100, 200, 300, 400, 600, 800, 1000, 1200, 1500, 2000 };

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Set<String> scenarios = new LinkedHashSet<>();
        double seconds = 5;
        int maxMinutes = 30;
        boolean batched = false;
        boolean publishHook = false;
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        for (String arg : args) {
            if (arg.startsWith("--seconds=")) {
                seconds = Double.parseDouble(arg.substring(10));
            } else if (arg.startsWith("--max-minutes=")) {
                maxMinutes = Integer.parseInt(arg.substring(14));
            } else if (arg.startsWith("--server-jvm=")) { // e.g. JFR: --server-jvm=-XX:StartFlightRecording=filename=x.jfr
                System.setProperty("loadgen.server.jvm", arg.substring(13).replace(',', ' ').replace(';', ','));
            } else if (arg.equals("--publish-hook")) {
                publishHook = true;
            } else if (arg.equals("--batch")) {
                batched = true;
            } else if (arg.startsWith("--jar=")) {
                jar = Path.of(arg.substring(6));
            } else if (arg.equals("join-storm")) {
                scenarios.addAll(List.of("join-10000x1", "join-100x100", "rejoin-storm"));
            } else if (arg.equals("big-room")) {
                scenarios.addAll(List.of("join-10000x1", "join-1x10000"));
            } else if (arg.equals("all")) {
                scenarios.addAll(List.of("fanout-100", "fanout-1000", "many-rooms", "idle", "cross-instance", "resume"));
            } else {
                scenarios.add(arg);
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(List.of("fanout-100", "fanout-1000", "many-rooms", "idle"));
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: run ./mvnw -B package -DskipTests first");
        }
        watchdog(maxMinutes);
        int cores = Runtime.getRuntime().availableProcessors();
        String serverCpu = pinSelf();
        Files.deleteIfExists(Report.JSONL);
        System.out.printf("Roomcast load generator: %s, JDK %s, %d cores, server on cpu %s, %.0f s per step%n",
                scenarios, System.getProperty("java.version"), cores,
                serverCpu == null ? "any" : serverCpu, seconds);

        try (Fleet fleet = new Fleet()) {
            for (String scenario : scenarios) {
                run(scenario, fleet, jar, serverCpu, seconds, batched, publishHook);
            }
        }
        System.out.println("results: " + Report.JSONL.toAbsolutePath());
        System.exit(0);
    }

    private static void run(String scenario, Fleet fleet, Path jar, String cpu, double seconds, boolean batched,
            boolean publishHook) throws Exception {
        switch (scenario) {
            case "fanout-100", "fanout-1000" -> {
                int subscribers = scenario.equals("fanout-100") ? 100 : 1000;
                try (ServerProcess server = ServerProcess.start(scenario, jar, cpu, Map.of())) {
                    new FanoutScenario(scenario, List.of(server), subscribers,
                            subscribers == 100 ? RATES_100 : RATES_1000, seconds, batched).run(fleet);
                }
            }
            case "many-rooms" -> {
                if (publishHook) { // the hook server shares this JVM with the clients: its cost is the client's too
                    try (HookBackend hooks = HookBackend.start("loadgen-secret", false);
                            ServerProcess server = ServerProcess.start(scenario, jar, cpu, Map.of(
                                    "roomcast.hooks.publish-url", hooks.url("publish"),
                                    "roomcast.hooks.secret", "loadgen-secret"))) {
                        new ManyRoomsScenario("many-rooms+publish-hook").run(fleet, server, Math.max(seconds, 10));
                    }
                } else {
                    try (ServerProcess server = ServerProcess.start(scenario, jar, cpu, Map.of())) {
                        new ManyRoomsScenario("many-rooms").run(fleet, server, Math.max(seconds, 10));
                    }
                }
            }
            case "idle" -> {
                try (ServerProcess server = ServerProcess.start(scenario, jar, cpu, Map.of())) {
                    new IdleScenario(scenario).run(fleet, server, 10_000);
                }
            }
            case "join-10000x1", "join-100x100", "join-1x10000" -> {
                int rooms = Integer.parseInt(scenario.substring(scenario.lastIndexOf('-') + 1, scenario.indexOf('x')));
                try (ServerProcess server = ServerProcess.start(scenario, jar, cpu, Map.of())) {
                    new JoinStormScenario(scenario, rooms).run(fleet, server);
                }
            }
            case "resume" -> {
                try (ServerProcess server = ServerProcess.start(scenario, jar, cpu, Map.of())) {
                    new ResumeScenario().run(fleet, server);
                }
            }
            case "idle-baseline" -> {
                try (ServerProcess server = ServerProcess.startBaseline(scenario, cpu)) {
                    new IdleScenario(scenario).run(fleet, server, 10_000);
                }
            }
            case "rejoin-storm" -> {
                try (RedisServer redis = RedisServer.startOnFreePort()) {
                    Map<String, String> shared = Map.of("roomcast.fanout.type", "redis", "quarkus.redis.hosts",
                            redis.uri());
                    List<ServerProcess> servers = new ArrayList<>();
                    try {
                        servers.add(ServerProcess.start("rejoin-a", jar, cpu, shared));
                        servers.add(ServerProcess.start("rejoin-b", jar, cpu, shared));
                        new RejoinStormScenario().run(fleet, servers);
                    } finally {
                        for (ServerProcess server : servers) {
                            server.close();
                        }
                    }
                }
            }
            case "cross-instance" -> {
                try (RedisServer redis = RedisServer.startOnFreePort()) {
                    Map<String, String> shared = Map.of("roomcast.fanout.type", "redis", "quarkus.redis.hosts",
                            redis.uri());
                    List<ServerProcess> servers = new ArrayList<>();
                    try {
                        servers.add(ServerProcess.start("cross-a", jar, cpu, shared));
                        servers.add(ServerProcess.start("cross-b", jar, cpu, shared));
                        new FanoutScenario(scenario, servers, 1000, RATES_1000, seconds, batched).run(fleet);
                    } finally {
                        for (ServerProcess server : servers) {
                            server.close();
                        }
                    }
                }
            }
            case "cluster" -> new ClusterScenario(jar, cpu).run(fleet);
            case "attacks" -> AttacksScenario.run(Attacks.NAMES, jar, cpu);
            default -> {
                if (!scenario.startsWith("attack:")) {
                    throw new IllegalArgumentException("unknown scenario " + scenario + "; see the usage in "
                            + LoadGenerator.class.getName() + " or docs/performance.md");
                }
                AttacksScenario.run(List.of(scenario.substring(7)), jar, cpu);
            }
        }
    }

    /** On two or more cores: the generator on the last one, the server(s) on core 0. */
    private static String pinSelf() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores < 2) {
            System.out.println("one core: nothing pinned, generator and server share it");
            return null;
        }
        Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", String.valueOf(cores - 1),
                String.valueOf(ProcessHandle.current().pid())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
            System.out.println("taskset failed: nothing pinned");
            return null;
        }
        return cores == 2 ? "0" : "0-" + (cores - 2);
    }

    private static void watchdog(int maxMinutes) {
        Thread watchdog = new Thread(() -> {
            try {
                TimeUnit.MINUTES.sleep(maxMinutes);
                System.err.println("load generator: over " + maxMinutes + " minutes, stopping");
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
                Runtime.getRuntime().halt(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    }
}
