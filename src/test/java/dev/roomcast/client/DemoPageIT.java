package dev.roomcast.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.NodeScript;
import dev.roomcast.support.RedisServer;

/**
 * The chat demo at / in a real browser (Debian's Chromium driven by playwright-core; src/test/js/demo.mjs), on two
 * instances sharing Redis: the pages chat, the instance they are on drains, and they carry on on the other, all
 * under the page's Content-Security-Policy without a violation; Swagger UI works under its own policy.
 * Leaves a screenshot in target/demo.png (docs/demo.png is one). Two pages of one user keep their unread counts and
 * read marker in step; a page opened again gets the privates sent while it was closed.
 */
public class DemoPageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void twoPagesChatThroughADrainWithoutAHole() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: this test drives Debian's Chromium, never a downloaded"
                + " browser; install it with `apt-get install chromium` (README, Requirements; .ci/run does)");
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            Map<String, String> cluster = Map.of("roomcast.fanout.type", "redis", "quarkus.redis.hosts", redis.uri(),
                    "roomcast.drain.reconnect-spread", "2s");
            try (AppProcess a = AppProcess.start("demo-a", cluster); AppProcess b = AppProcess.start("demo-b", cluster)) {
                NodeScript.run("demo.mjs", Map.of("ROOMCAST_A", a.wsUrl(), "ROOMCAST_B", b.wsUrl(), "PID_A",
                        Long.toString(a.pid()), "SCREENSHOT", Path.of("target", "demo.png").toAbsolutePath().toString()),
                        Duration.ofMinutes(2));
            }
        }
    }

    /** Two pages of one user on two instances: unread counts and the "new" marker follow whichever page read (demo-reads.mjs). */
    @Test
    void twoPagesOfOneUserKeepUnreadCountsAndTheReadMarkerInStep() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: install it with `apt-get install chromium`");
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            Map<String, String> cluster = Map.of("roomcast.fanout.type", "redis", "quarkus.redis.hosts", redis.uri());
            try (AppProcess a = AppProcess.start("demo-reads-a", cluster); AppProcess b = AppProcess.start("demo-reads-b", cluster)) {
                NodeScript.run("demo-reads.mjs", Map.of("ROOMCAST_A", a.wsUrl(), "ROOMCAST_B", b.wsUrl()), Duration.ofMinutes(2));
            }
        }
    }

    /** The demo keeps the user's inbox position in the browser: a private sent while the page was closed shows on reopening (demo-away.mjs). */
    @Test
    void aPrivateSentWhileThePageWasClosedShowsWhenItIsOpenedAgain() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: install it with `apt-get install chromium`");
        String apiKey = "demo-away-key";
        try (AppProcess a = AppProcess.start("demo-away", Map.of("roomcast.api.keys", apiKey))) {
            NodeScript.run("demo-away.mjs", Map.of("ROOMCAST_A", a.wsUrl(), "API_KEY", apiKey), Duration.ofMinutes(2));
        }
    }
}
