package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;

import dev.roomcast.security.Handshake;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * An open connection does not keep its upgrade request alive (routing context, request and response
 * objects, identity state): that graph was about a third of an idle connection's memory.
 */
@QuarkusTest
public class UpgradeRequestReleasedTest {

    /** Sees every {@code /ws} upgrade before Roomcast's routes and remembers it weakly, by user id. */
    @Singleton
    static class UpgradeWatcher {

        static final Map<String, WeakReference<RoutingContext>> SEEN = new ConcurrentHashMap<>();

        void onRouter(@Observes Router router) {
            router.route(Handshake.PATH).order(-60).handler(ctx -> {
                String id = ctx.request().getParam("id");
                if (id != null) {
                    SEEN.put(id, new WeakReference<>(ctx));
                }
                ctx.next();
            });
        }
    }

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void theUpgradeRoutingContextIsCollectedWhileTheConnectionStaysOpen() {
        String user = unique("released");
        try (WsClient client = WsClient.connect(ws, "id=" + user)) {
            WeakReference<RoutingContext> upgrade = UpgradeWatcher.SEEN.get(user);
            assertNotNull(upgrade, "the watcher did not see the upgrade");
            await("the upgrade's routing context to be collected").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        System.gc();
                        return upgrade.get() == null;
                    });

            client.send("type", "ping", "ref", "still-open");
            assertEquals("still-open", client.next("pong").get("ref").asText());
        }
    }
}
