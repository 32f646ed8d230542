package dev.roomcast.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 5,000 members of one room, spread over two instances sharing Redis, drop off together and come back at
 * once, each to the other instance (as when one instance drains and its clients move): how long until every
 * one has {@code joined} again, and until both instances count exactly the room's members (a probe member
 * on each instance repeats its join, which answers with the cluster's count) and keep counting that for two
 * seconds. One unmeasured round first.
 */
final class RejoinStormScenario {

    private static final int MEMBERS = 5000;
    private static final int PROBES = 2;
    private static final Pattern COUNT = Pattern.compile("\"member_count\":(\\d+)");

    record Result(int members, double connectSeconds, double liveSeconds, double convergedSeconds, double serverCpu,
            double steal) {
        String row() {
            return String.format(Locale.ROOT, "rejoin-storm: %d members of one room on two instances reconnected, each to "
                    + "the other instance, in %.2f s; all joined again in %.2f s; both instances counted %d members "
                    + "after %.2f s (server CPU %.0f%%, steal %.1f%%)", members, connectSeconds, liveSeconds,
                    members + PROBES, convergedSeconds, serverCpu, steal);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"scenario\":\"rejoin-storm\",\"members\":%d,\"reconnect_seconds\":%.3f,"
                    + "\"live_again_seconds\":%.3f,\"converged_seconds\":%.3f,\"server_cpu_pct\":%.1f,\"steal_pct\":%.1f}",
                    members, connectSeconds, liveSeconds, convergedSeconds, serverCpu, steal);
        }
    }

    Result run(Fleet fleet, List<ServerProcess> servers) throws Exception {
        round(fleet, servers, "warm");
        Result result = round(fleet, servers, "measured");
        System.out.println(result.row());
        Report.json(result.json());
        return result;
    }

    private Result round(Fleet fleet, List<ServerProcess> servers, String name) throws Exception {
        String room = "rejoin-" + name + "-" + Long.toString(System.nanoTime(), 36);
        LongAdder joined = new LongAdder();
        RawClient.FrameHandler countJoined = (data, offset, length) -> {
            if (ResumeScenario.startsWith(data, offset, length, "{\"type\":\"joined\"")) {
                joined.increment();
            }
        };
        connectSpread(fleet, servers, room, 0, countJoined);
        Polling.awaitAtLeast("members in the room", joined::sum, MEMBERS);

        AtomicLong[] counted = { new AtomicLong(), new AtomicLong() };
        RawClient[] probes = new RawClient[PROBES];
        for (int p = 0; p < PROBES; p++) {
            AtomicLong count = counted[p];
            String probe = "probe" + p;
            probes[p] = fleet.connect(servers.get(p).ws(), 1, 1, i -> "id=" + probe + "&room=" + room,
                    i -> (data, offset, length) -> {
                        Matcher m = COUNT.matcher(new String(data, offset, length, StandardCharsets.UTF_8));
                        if (ResumeScenario.startsWith(data, offset, length, "{\"type\":\"joined\"") && m.find()) {
                            count.set(Long.parseLong(m.group(1)));
                        }
                    }).get(0);
        }

        joined.reset();
        fleet.closeAllExcept(List.of(probes));
        CpuWindow cpu = CpuWindow.open(servers);
        long start = System.nanoTime();
        connectSpread(fleet, servers, room, 1, countJoined);
        double connected = (System.nanoTime() - start) / 1e9;
        Polling.awaitAtLeast("members joined again", joined::sum, MEMBERS);
        double live = (System.nanoTime() - start) / 1e9;
        String join = "{\"type\":\"join\",\"room\":\"" + room + "\"}";
        long[] asked = { 0 };
        Polling.until(() -> "presence counts " + counted[0] + " and " + counted[1] + ", not " + (MEMBERS + PROBES), () -> {
            if (System.nanoTime() - asked[0] > 50_000_000L) { // well under the per-connection request rate
                asked[0] = System.nanoTime();
                for (RawClient probe : probes) {
                    probe.sendText(join); // a repeated join answers with the cluster's member count
                }
            }
            return counted[0].get() == MEMBERS + PROBES && counted[1].get() == MEMBERS + PROBES;
        });
        double converged = (System.nanoTime() - start) / 1e9;
        long steadyUntil = System.nanoTime() + 2_000_000_000L; // and it stays there: no late leave takes anyone out
        while (System.nanoTime() < steadyUntil) {
            for (RawClient probe : probes) {
                probe.sendText(join);
            }
            Thread.sleep(100);
            if (counted[0].get() != MEMBERS + PROBES || counted[1].get() != MEMBERS + PROBES) {
                throw new IllegalStateException("presence moved to " + counted[0] + " and " + counted[1] + " after converging");
            }
        }
        CpuWindow.Usage usage = cpu.close();
        fleet.closeAll();
        awaitClosed(servers);
        return new Result(MEMBERS, connected, live, converged, usage.serverCpu(), usage.steal());
    }

    /** Member i connects to instance (i + shift) % 2, all handshakes at once. */
    private static void connectSpread(Fleet fleet, List<ServerProcess> servers, String room, int shift,
            RawClient.FrameHandler handler) throws Exception {
        fleet.connect(i -> servers.get((i + shift) % 2).ws(), MEMBERS, MEMBERS, i -> "id=m" + i + "&room=" + room,
                i -> handler);
    }

    private static void awaitClosed(List<ServerProcess> servers) throws InterruptedException {
        for (ServerProcess server : servers) {
            Polling.until(() -> "connections still open", () -> server.openConnectionsOrMinusOne() == 0);
        }
    }
}
