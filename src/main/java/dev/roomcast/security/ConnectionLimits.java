package dev.roomcast.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.session.SessionRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Who may open a connection now: a cap per instance, and per client address a cap on open
 * connections and a connection rate. Checked before the upgrade; counts follow opens and closes,
 * so a burst of simultaneous upgrades may overshoot a cap by the few in flight.
 */
@Singleton
public class ConnectionLimits {

    /** Why an upgrade is refused, with the HTTP status it gets. */
    public enum Refusal {
        MAX_CONNECTIONS(503, "max_connections", "this instance is full: connect to another one"),
        ADDRESS_CONNECTIONS(429, "address_connections", "too many open connections from your address"),
        ADDRESS_RATE(429, "address_rate", "connecting too fast from your address");

        public final int status;
        public final String reason;
        public final String message;

        Refusal(int status, String reason, String message) {
            this.status = status;
            this.reason = reason;
            this.message = message;
        }
    }

    private final SessionRegistry sessions;
    private final RoomcastConfig.Security settings;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TokenBucket> rates = new ConcurrentHashMap<>();

    ConnectionLimits(SessionRegistry sessions, RoomcastConfig config) {
        this.sessions = sessions;
        this.settings = config.security();
    }

    /** Forgets per-address rate buckets that are full again, so the map stays as small as the active clients. */
    void sweepIdle(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(30_000, id -> rates.values().removeIf(TokenBucket::isFull));
    }

    /** @return why this address may not connect now, or null when it may (and then it used one token) */
    public Refusal check(String address) {
        if (sessions.count() >= settings.maxConnections()) {
            return Refusal.MAX_CONNECTIONS;
        }
        AtomicInteger current = open.get(address);
        if (current != null && current.get() >= settings.maxConnectionsPerAddress()) {
            return Refusal.ADDRESS_CONNECTIONS;
        }
        int rate = settings.connectionsPerSecondPerAddress();
        if (!rates.computeIfAbsent(address, a -> new TokenBucket(rate, rate)).tryTake()) {
            return Refusal.ADDRESS_RATE;
        }
        return null;
    }

    public void opened(String address) {
        open.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
    }

    public void closed(String address) {
        open.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
}
