package dev.roomcast.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * 1,000 clients in one room drop off together, miss 50 messages, and come back at once with {@code since}
 * (as after a drain): how long until every one of them has {@code joined} with {@code recovered: true} and
 * all 50 missed messages, i.e. is live again. One unmeasured round first, for the JIT.
 */
final class ResumeScenario {

    private static final int CLIENTS = 1000;
    private static final int MISSED = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int clients, int missed, double seconds, long recovered, double serverCpu, double steal) {
        String row() {
            return String.format(Locale.ROOT, "resume: %d clients back at once with since, %d missed each: all live again "
                    + "in %.2f s (recovered: %d; server CPU %.0f%%, steal %.1f%%)", clients, missed, seconds, recovered,
                    serverCpu, steal);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"scenario\":\"resume\",\"clients\":%d,\"missed\":%d,\"live_again_seconds\":%.3f,"
                    + "\"recovered\":%d,\"server_cpu_pct\":%.1f,\"steal_pct\":%.1f}", clients, missed, seconds, recovered,
                    serverCpu, steal);
        }
    }

    Result run(Fleet fleet, ServerProcess server) throws Exception {
        round(fleet, server, "warm");
        Result result = round(fleet, server, "measured");
        System.out.println(result.row());
        Report.json(result.json());
        return result;
    }

    private Result round(Fleet fleet, ServerProcess server, String name) throws Exception {
        String room = "resume-" + name + "-" + Long.toString(System.nanoTime(), 36);
        AtomicReference<String> firstJoined = new AtomicReference<>();
        LongAdder joined = new LongAdder();
        fleet.connect(server.ws(), CLIENTS, 500, i -> "id=r" + i + "&room=" + room, i -> (data, offset, length) -> {
            if (startsWith(data, offset, length, "{\"type\":\"joined\"")) {
                firstJoined.compareAndSet(null, new String(data, offset, length, StandardCharsets.UTF_8));
                joined.increment();
            }
        });
        Polling.awaitAtLeast("members in the room", joined::sum, CLIENTS);
        JsonNode position = JSON.readTree(firstJoined.get()); // nothing published yet: every joiner saw the same
        fleet.closeAll();
        Polling.until(() -> "members still connected", () -> server.openConnectionsOrMinusOne() == 0);

        LongAdder accepted = new LongAdder();
        RawClient publisher = fleet.connect(server.ws(), 1, 1, i -> "id=publisher&room=" + room,
                i -> (data, offset, length) -> {
                    if (startsWith(data, offset, length, "{\"type\":\"accepted\"")) {
                        accepted.increment();
                    }
                }).get(0);
        for (int m = 0; m < MISSED; m++) {
            publisher.sendText("{\"type\":\"message\",\"room\":\"" + room + "\",\"content\":\"" + m + "\",\"ref\":" + m + "}");
        }
        Polling.awaitAtLeast("missed messages in history", accepted::sum, MISSED);

        String since = room + ":" + position.get("offset").asLong() + ":" + position.get("epoch").asText();
        AtomicInteger[] got = new AtomicInteger[CLIENTS];
        LongAdder recovered = new LongAdder();
        LongAdder live = new LongAdder();
        CpuWindow cpu = CpuWindow.open(List.of(server));
        long start = System.nanoTime();
        fleet.connect(server.ws(), CLIENTS, CLIENTS, i -> "id=r" + i + "&room=" + room + "&since=" + since, i -> {
            got[i] = new AtomicInteger();
            return (data, offset, length) -> {
                if (startsWith(data, offset, length, "{\"type\":\"joined\"")
                        && new String(data, offset, length, StandardCharsets.UTF_8).contains("\"recovered\":true")) {
                    recovered.increment();
                } else if (startsWith(data, offset, length, "{\"type\":\"message\"") && got[i].incrementAndGet() == MISSED) {
                    live.increment();
                }
            };
        });
        Polling.awaitAtLeast("clients live again", live::sum, CLIENTS);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuWindow.Usage usage = cpu.close();
        fleet.closeAll();
        Polling.until(() -> "clients still connected", () -> server.openConnectionsOrMinusOne() == 0);
        return new Result(CLIENTS, MISSED, seconds, recovered.sum(), usage.serverCpu(), usage.steal());
    }

    /** Whether a received text frame starts with {@code prefix} (ASCII), read in place. */
    static boolean startsWith(byte[] data, int offset, int length, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        if (length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (data[offset + i] != p[i]) {
                return false;
            }
        }
        return true;
    }
}
