package dev.roomcast.loadgen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.roomcast.support.RedisStats;

/**
 * What the Redis processes of one set-up did for a number of room messages: commands and CPU per node between two
 * readings of INFO commandstats and INFO cpu, net of what each node burns idle, and what that projects to.
 */
final class RedisUsage {

    /** One Redis process: a label, its role ("master", "replica", "standalone"), its port. */
    record Node(String label, String role, int port) {
    }

    private record Reading(Map<String, Long> calls, Map<String, Long> micros, double cpuSeconds) {
        static Reading of(Node node) {
            return new Reading(RedisStats.commandCalls(node.port()), RedisStats.commandMicros(node.port()),
                    RedisStats.cpuSeconds(node.port()));
        }
    }

    private final List<Node> nodes;
    private final Map<Node, Double> idleCpuPerSecond = new HashMap<>();
    private final Map<Node, Reading> before = new HashMap<>();

    RedisUsage(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** CPU each node uses with the clients connected and nothing sent, over {@code millis}. */
    void measureIdle(long millis) throws InterruptedException {
        Map<Node, Double> start = new HashMap<>();
        nodes.forEach(n -> start.put(n, RedisStats.cpuSeconds(n.port())));
        long from = System.nanoTime();
        Thread.sleep(millis); // a fixed window on purpose: the idle rate is CPU over time
        double seconds = (System.nanoTime() - from) / 1e9;
        nodes.forEach(n -> idleCpuPerSecond.put(n, (RedisStats.cpuSeconds(n.port()) - start.get(n)) / seconds));
    }

    void start() {
        nodes.forEach(n -> before.put(n, Reading.of(n)));
    }

    /**
     * Reads every node again and prints, per 100k room messages, each node's commands and CPU, the Redis CPU per
     * message and the projected ceilings. {@code roomsByPort}: how many of the rooms each master serves as shard
     * channels (empty when the rooms are not sharded: every master then pays for every message).
     */
    void report(String setup, long messages, double seconds, Map<Integer, Integer> roomsByPort, int rooms) {
        Map<Node, Long> commands = new HashMap<>();
        Map<Node, Double> cpu = new HashMap<>();
        Map<Node, String> top = new HashMap<>();
        for (Node node : nodes) {
            Reading after = Reading.of(node);
            Map<String, Long> delta = new HashMap<>();
            Map<String, Long> micros = new HashMap<>();
            after.calls().forEach((command, calls) -> {
                long d = calls - before.get(node).calls().getOrDefault(command, 0L);
                if (d > 0 && !command.equals("info")) { // INFO: this report's own readings
                    delta.put(command, d);
                    micros.put(command, after.micros().getOrDefault(command, 0L)
                            - before.get(node).micros().getOrDefault(command, 0L));
                }
            });
            commands.put(node, delta.values().stream().mapToLong(Long::longValue).sum());
            cpu.put(node, Math.max(0, after.cpuSeconds() - before.get(node).cpuSeconds()
                    - idleCpuPerSecond.getOrDefault(node, 0.0) * seconds));
            // The costliest first: name, calls per 100k messages, µs per call.
            top.put(node, micros.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(4).map(e -> String.format(Locale.ROOT, "%s %d×%.1fµs", e.getKey(),
                            per100k(delta.get(e.getKey()), messages), e.getValue() / (double) delta.get(e.getKey())))
                    .collect(Collectors.joining(", ")));
        }
        List<Node> masters = nodes.stream().filter(n -> !n.role().equals("replica")).toList();
        long masterCommands = masters.stream().mapToLong(commands::get).sum();
        double masterCpu = masters.stream().mapToDouble(cpu::get).sum();
        double allCpu = nodes.stream().mapToDouble(cpu::get).sum();
        System.out.printf(Locale.ROOT, "%s: %d room messages in %.1f s (%.0f/s); per 100k messages:%n", setup, messages,
                seconds, messages / seconds);
        System.out.printf(Locale.ROOT, "  %-16s %-10s %10s %6s %9s %6s %8s %7s %6s  %s%n", "node", "role", "commands",
                "share", "cpu s", "share", "µs/msg", "idle %", "rooms",
                "costliest commands (calls per 100k × µs per call)");
        List<String> json = new ArrayList<>();
        double busiest = 0;
        double ownRoomsCeilingSum = 0;
        for (Node node : nodes) {
            boolean master = !node.role().equals("replica");
            double micros = cpu.get(node) * 1e6 / messages;
            String roomsHere = roomsByPort.isEmpty() ? "-" : "" + roomsByPort.getOrDefault(node.port(), 0);
            System.out.printf(Locale.ROOT, "  %-16s %-10s %10d %5.1f%% %9.3f %5.1f%% %8.2f %7.2f %6s  %s%n",
                    node.label(), node.role(), per100k(commands.get(node), messages),
                    master ? share(commands.get(node), masterCommands) : 0, cpu.get(node) * 1e5 / messages,
                    master ? share(cpu.get(node), masterCpu) : 0, micros, idleCpuPerSecond.getOrDefault(node, 0.0) * 100,
                    roomsHere, top.get(node));
            if (master) {
                busiest = Math.max(busiest, micros);
                // The messages of its own rooms it could carry at 100% of a core (an even spread when unknown).
                double ownShare = roomsByPort.isEmpty() ? 1.0 / masters.size()
                        : roomsByPort.getOrDefault(node.port(), 0) / (double) rooms;
                ownRoomsCeilingSum += micros == 0 ? 0 : ownShare * 1e6 / micros;
            }
            json.add(String.format(Locale.ROOT, "{\"node\":\"%s\",\"role\":\"%s\",\"commands_per_100k\":%d,"
                    + "\"cpu_s_per_100k\":%.4f,\"cpu_us_per_msg\":%.3f,\"idle_cpu_pct\":%.3f,\"rooms\":\"%s\"}",
                    node.label(), node.role(), per100k(commands.get(node), messages), cpu.get(node) * 1e5 / messages,
                    micros, idleCpuPerSecond.getOrDefault(node, 0.0) * 100, roomsHere));
        }
        double perMaster = ownRoomsCeilingSum / masters.size();
        double masterMicros = masterCpu * 1e6 / messages;
        System.out.printf(Locale.ROOT, "  Redis CPU per message: %.2f µs on the master(s), %.2f µs on all nodes%n",
                masterMicros, allCpu * 1e6 / messages);
        boolean sharded = !roomsByPort.isEmpty();
        if (masters.size() == 1) {
            System.out.printf(Locale.ROOT, "  ceiling: one Redis at 100%% of a core carries %.0f msg/s%n", 1e6 / busiest);
        } else if (sharded) {
            System.out.printf(Locale.ROOT, "  ceiling at 100%% of a core: the busiest master saturates at %.0f msg/s "
                    + "(this run's spread); a master carries %.0f msg/s of its own rooms, so with the rooms spread "
                    + "evenly: 3 masters %.0f, 6 masters %.0f, 10 masters %.0f msg/s%n", 1e6 / busiest, perMaster,
                    3 * perMaster, 6 * perMaster, 10 * perMaster);
        } else {
            System.out.printf(Locale.ROOT, "  ceiling at 100%% of a core: the busiest master saturates at %.0f msg/s;"
                    + " no room is a shard channel, so every master pays for every message's PUBLISH, which more "
                    + "masters do not spread%n", 1e6 / busiest);
        }
        Report.json(String.format(Locale.ROOT, "{\"scenario\":\"cluster\",\"setup\":\"%s\",\"messages\":%d,"
                + "\"seconds\":%.2f,\"redis_cpu_us_per_msg_masters\":%.3f,\"redis_cpu_us_per_msg_all\":%.3f,"
                + "\"busiest_master_ceiling_per_s\":%.0f,\"per_master_ceiling_per_s\":%s,\"nodes\":[%s]}", setup,
                messages, seconds, masterMicros, allCpu * 1e6 / messages, 1e6 / busiest,
                sharded || masters.size() == 1 ? String.format(Locale.ROOT, "%.0f", perMaster) : "null",
                String.join(",", json)));
    }

    private static long per100k(long count, long messages) {
        return Math.round(count * 100_000.0 / messages);
    }

    private static double share(double part, double whole) {
        return whole == 0 ? 0 : part * 100 / whole;
    }
}
