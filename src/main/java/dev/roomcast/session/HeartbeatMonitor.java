package dev.roomcast.session;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.protocol.CloseCode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Pings every connection each interval and closes (4001) those that sent nothing, not even a
 * pong, for the timeout. One timer for all connections, not one per connection. A silent peer
 * is closed between {@code timeout} and {@code timeout + interval} after it was last heard from.
 */
@Singleton
public class HeartbeatMonitor {

    private static final Logger LOG = Logger.getLogger(HeartbeatMonitor.class);

    private final SessionRegistry sessions;
    private final Vertx vertx;
    private final long intervalMillis;
    private final long timeoutNanos;
    private long timerId = -1;

    HeartbeatMonitor(SessionRegistry sessions, Vertx vertx, RoomcastConfig config) {
        this.sessions = sessions;
        this.vertx = vertx;
        this.intervalMillis = config.heartbeat().interval().toMillis();
        this.timeoutNanos = config.heartbeat().timeout().toNanos();
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(intervalMillis, id -> sweep());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timerId);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Session session : sessions.all()) {
            if (now - session.lastSeenNanos() > timeoutNanos) {
                LOG.debugf("%s silent for over %d ms, closing", session, timeoutNanos / 1_000_000);
                session.close(CloseCode.HEARTBEAT_TIMEOUT);
            } else {
                session.ping();
            }
        }
    }
}
