package dev.roomcast.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.cluster.Presence;
import dev.roomcast.cluster.UserPresence;
import io.vertx.core.Future;
import dev.roomcast.protocol.CloseCode;
import dev.roomcast.security.Drain;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.session.Session;
import dev.roomcast.session.SessionRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;

/**
 * On SIGTERM or SIGINT (Quarkus turns both into a ShutdownEvent, in the JVM and in a native
 * binary alike): stop being ready and refuse upgrades; tell every client {@code server_shutdown}
 * and close it with 1001, in paced batches; leave the rooms in Redis at once so the other
 * instances announce {@code user_left} now rather than after expiry; and return by the drain
 * timeout at the latest. Runs first among shutdown observers, before the Redis link is closed.
 * Messages accepted before the drain are already queued ahead of each close frame.
 */
@Singleton
public class DrainOnShutdown {

    private static final Logger LOG = Logger.getLogger(DrainOnShutdown.class);

    private final Drain drain;
    private final SessionRegistry sessions;
    private final Presence presence;
    private final UserPresence online;
    private final RoomcastConfig.Drain settings;

    DrainOnShutdown(Drain drain, SessionRegistry sessions, Presence presence, UserPresence online, RoomcastConfig config) {
        this.drain = drain;
        this.sessions = sessions;
        this.presence = presence;
        this.online = online;
        this.settings = config.drain();
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        drain.begin();
        List<Session> all = new ArrayList<>(sessions.all());
        LOG.infof("Draining %d connections in batches of %d", all.size(), settings.batchSize());
        long spread = Math.max(1, settings.reconnectSpread().toMillis());
        for (int i = 0; i < all.size() && System.nanoTime() < deadline; i += settings.batchSize()) {
            for (Session session : all.subList(i, Math.min(all.size(), i + settings.batchSize()))) {
                session.closeWith(new ServerMessage.ServerShutdown("draining", ThreadLocalRandom.current().nextLong(spread)),
                        CloseCode.GOING_AWAY);
            }
            pause(settings.batchInterval().toMillis(), deadline);
        }
        while (sessions.count() > 0 && System.nanoTime() < deadline) {
            pause(20, deadline); // waiting for close handshakes; bounded by the deadline
        }
        long leftMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        try {
            Future.join(presence.leaveAll(), online.leaveAll()).toCompletionStage().toCompletableFuture()
                    .get(leftMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("Could not leave the rooms in Redis before the deadline (%s); the others will expire them", e);
        }
        LOG.infof("Drain finished, %d connections still open", sessions.count());
    }

    private static void pause(long millis, long deadline) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining > 0) {
            try {
                Thread.sleep(Math.min(millis, remaining)); // the shutdown thread, never an event loop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
