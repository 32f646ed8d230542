package dev.roomcast.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * 10,000 connections that each join a room as they connect ({@code ?room=}), spread over {@code rooms} rooms:
 * the time until every {@code joined} has arrived, what the server's core spent, and the presence data each
 * client got meanwhile (its {@code joined}, and the {@code user_joined}/{@code presence_diff} notices about
 * the others). Warm-up rounds into other rooms first, until the JIT settles.
 */
final class JoinStormScenario {

    private static final int CONNECTIONS = 10_000;
    private static final byte[][] PRESENCE = {
            "{\"type\":\"user_joined\"".getBytes(StandardCharsets.US_ASCII),
            "{\"type\":\"presence_diff\"".getBytes(StandardCharsets.US_ASCII) };
    private static final byte[] JOINED = "{\"type\":\"joined\"".getBytes(StandardCharsets.US_ASCII);

    private final String name;
    private final int rooms;

    JoinStormScenario(String name, int rooms) {
        this.name = name;
        this.rooms = rooms;
    }

    record Result(String scenario, int connections, int rooms, double seconds, double joinedBytesPerClient,
            double noticeBytesPerClient, double serverCpu, double steal) {

        String row() {
            return String.format(Locale.ROOT, "%s: %d connections into %d room(s) of %d, every joined in %.2f s (server CPU "
                    + "%.0f%%, steal %.1f%%); per client: joined %.0f bytes, notices until then %.0f bytes",
                    scenario, connections, rooms, connections / rooms, seconds, serverCpu, steal, joinedBytesPerClient,
                    noticeBytesPerClient);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"scenario\":\"%s\",\"connections\":%d,\"rooms\":%d,\"seconds\":%.3f,"
                    + "\"joined_bytes_per_client\":%.0f,\"notice_bytes_per_client\":%.0f,\"server_cpu_pct\":%.1f,"
                    + "\"steal_pct\":%.1f}", scenario, connections, rooms, seconds, joinedBytesPerClient, noticeBytesPerClient,
                    serverCpu, steal);
        }
    }

    Result run(Fleet fleet, ServerProcess server) throws Exception {
        WarmUp.untilJitSettles(name, List.of(server), 3, 12, round -> storm(fleet, server, "warm" + round));
        Result result = storm(fleet, server, "measured");
        System.out.println(result.row());
        Report.json(result.json());
        return result;
    }

    private Result storm(Fleet fleet, ServerProcess server, String round) throws Exception {
        String run = round + Long.toString(System.nanoTime(), 36);
        LongAdder joined = new LongAdder();
        LongAdder joinedBytes = new LongAdder();
        LongAdder noticeBytes = new LongAdder();
        CpuWindow cpu = CpuWindow.open(List.of(server));
        long start = System.nanoTime();
        fleet.connect(server.ws(), CONNECTIONS, 500, i -> "id=j" + i + "&room=s" + run + "-" + (i % rooms),
                i -> (data, offset, length) -> {
                    if (startsWith(data, offset, length, JOINED)) {
                        joinedBytes.add(length);
                        joined.increment();
                    } else if (startsWith(data, offset, length, PRESENCE[0]) || startsWith(data, offset, length, PRESENCE[1])) {
                        noticeBytes.add(length);
                    }
                });
        Polling.awaitAtLeast("joined", joined::sum, CONNECTIONS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long notices = noticeBytes.sum();
        CpuWindow.Usage usage = cpu.close();
        fleet.closeAll();
        Polling.until(() -> "connections still open", () -> server.openConnectionsOrMinusOne() == 0);
        return new Result(name, CONNECTIONS, rooms, seconds, joinedBytes.sum() / (double) CONNECTIONS,
                notices / (double) CONNECTIONS, usage.serverCpu(), usage.steal());
    }

    private static boolean startsWith(byte[] data, int offset, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
