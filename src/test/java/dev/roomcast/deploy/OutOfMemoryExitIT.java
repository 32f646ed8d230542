package dev.roomcast.deploy;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.RawWebSocket;

/**
 * Out of memory, the packaged app exits by itself, so its container restarts, instead of staying up with
 * dead event loops behind a live port. It runs with the options the Helm chart gives a JVM (the rendered
 * Deployment's JAVA_TOOL_OPTIONS, for a 256Mi pod: a 128 MiB heap) and is sent one WebSocket message, in
 * 64 KiB fragments, that never ends: max-message-bytes is raised past the heap for this, so the server
 * gathers the fragments until the heap runs out. Without -XX:+ExitOnOutOfMemoryError the same process logs
 * the OutOfMemoryError and stays up.
 */
class OutOfMemoryExitIT {

    private static final int FRAGMENT_BYTES = 64 * 1024;
    private static final long SEND_AT_MOST = 1L << 30; // well past any heap the chart gives a 256Mi pod
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);

    @Test
    void runningOutOfHeapEndsTheProcessAndTheLogSaysWhy() throws Exception {
        String options = HelmChartTest.env(HelmChartTest.container(HelmChartTest.render(
                Map.of("runtime", "jvm", "resources.limits.memory", "256Mi"))), "JAVA_TOOL_OPTIONS");
        assertTrue(options != null && options.contains("-Xmx128m"), "the chart's JVM options: " + options);
        Map<String, String> config = Map.of("roomcast.limits.max-message-bytes", String.valueOf(Integer.MAX_VALUE),
                "roomcast.heartbeat.timeout", "120s"); // fragments are not a complete message: keep it from timing out
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (AppProcess app = AppProcess.start("out-of-memory", config,
                new AppProcess.Launch(AppProcess.Launch.PACKAGED_JAR, Arrays.asList(options.split(" ")), true, List.of()))) {
            assertEquals(200, app.status("/q/health/live"), "live before the attack");
            try (RawWebSocket hoarder = RawWebSocket.connect(app.ws(), "id=" + unique("hoarder"), 5_000)) {
                writer.submit(() -> sendAnEndlessMessage(hoarder));
                int exitCode;
                try {
                    exitCode = app.awaitExit(EXIT_WITHIN);
                } catch (AssertionError stillUp) {
                    throw new AssertionError("out of heap, the process stayed up (live: " + app.status("/q/health/live")
                            + "); log:\n" + tail(app.log()), stillUp);
                }
                String log = app.log();
                assertTrue(log.contains("Terminating due to java.lang.OutOfMemoryError: Java heap space"), () -> tail(log));
                assertEquals(3, exitCode, "the JVM's exit code for -XX:+ExitOnOutOfMemoryError");
                assertEquals(-1, app.status("/q/health/live"), "nothing listens any more");
            }
        } finally {
            writer.shutdownNow();
        }
    }

    /** A text message that never ends: its first fragment, then continuation fragments until the socket fails. */
    private static long sendAnEndlessMessage(RawWebSocket ws) {
        byte[] fragment = new byte[FRAGMENT_BYTES];
        Arrays.fill(fragment, (byte) 'x');
        long sent = 0;
        try {
            ws.write(RawWebSocket.TEXT, false, "{\"type\":\"message\",\"room\":\"r\",\"content\":\"".getBytes(StandardCharsets.UTF_8));
            while (sent < SEND_AT_MOST) {
                ws.write(0x0, false, fragment); // continuation
                sent += fragment.length;
            }
        } catch (IOException closedByTheDyingProcess) {
            // expected: the process exits while we write
        }
        return sent;
    }

    private static String tail(String log) {
        List<String> lines = log.lines().filter(l -> !l.startsWith("\tat ")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
