package dev.roomcast.security;

import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.roomcast.config.RoomcastConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Who may open a connection now: a cap per instance and, when configured, per client address a cap on
 * open connections and a connection rate. An upgrade that passes takes its place at once (a {@link Reservation}), so
 * upgrades in flight count: hundreds arriving together cannot all pass a cap that only open
 * connections fill. The place is given back when the upgrade is refused later on (auth), when the
 * connection closes, or, for an upgrade that never opened, after the handshake timeout.
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

    private final int maxConnections;
    /** 0: no per-address cap (the default). */
    private final int maxPerAddress;
    /** 0: no per-address rate (the default). */
    private final int ratePerAddress;
    private final long handshakeTimeoutNanos;
    private final AtomicInteger inUse = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TokenBucket> rates = new ConcurrentHashMap<>();
    /** Reservations in the order they were made, so the oldest unopened ones are found first. */
    private final Queue<Reservation> pending = new ConcurrentLinkedQueue<>();

    ConnectionLimits(RoomcastConfig config) {
        this.maxConnections = config.security().maxConnections();
        this.maxPerAddress = config.security().maxConnectionsPerAddress().orElse(0);
        this.ratePerAddress = config.security().connectionsPerSecondPerAddress().orElse(0);
        this.handshakeTimeoutNanos = config.security().handshakeTimeout().toNanos();
    }

    void sweepPeriodically(@Observes StartupEvent event, Vertx vertx) {
        // Forgets per-address rate buckets that are full again, so the map stays as small as the active clients.
        vertx.setPeriodic(30_000, id -> rates.values().removeIf(TokenBucket::isFull));
        vertx.setPeriodic(1_000, id -> expireUnopened(System.nanoTime()));
    }

    /** What {@link #reserve} decided: a place, or why there is none. */
    public record Admission(Reservation place, Refusal refusal) {
        static Admission refused(Refusal refusal) {
            return new Admission(null, refusal);
        }
    }

    /** Takes a place for a connection from this address, or says why it may not connect now. */
    public Admission reserve(String address) {
        if (inUse.incrementAndGet() > maxConnections) {
            inUse.decrementAndGet();
            return Admission.refused(Refusal.MAX_CONNECTIONS);
        }
        if (maxPerAddress > 0
                && perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet() > maxPerAddress) {
            giveBack(address);
            return Admission.refused(Refusal.ADDRESS_CONNECTIONS);
        }
        if (ratePerAddress > 0
                && !rates.computeIfAbsent(address, a -> new TokenBucket(ratePerAddress, ratePerAddress)).tryTake()) {
            giveBack(address);
            return Admission.refused(Refusal.ADDRESS_RATE);
        }
        Reservation reservation = new Reservation(this, address, System.nanoTime());
        pending.add(reservation);
        return new Admission(reservation, null);
    }

    /** Open connections plus upgrades that passed and have not opened yet. */
    public int inUse() {
        return inUse.get();
    }

    /** Releases reservations that did not open within the handshake timeout (the client went away mid-upgrade). */
    void expireUnopened(long now) {
        for (Reservation oldest = pending.peek(); oldest != null; oldest = pending.peek()) {
            if (oldest.state() == Reservation.PENDING && now - oldest.madeAtNanos < handshakeTimeoutNanos) {
                return;
            }
            pending.poll();
            oldest.expire(); // an opened one stays: its close gives the place back
        }
    }

    /** A place for a connection whose reservation expired before it opened: counted, not checked (it is open). */
    void takeAgain(String address) {
        inUse.incrementAndGet();
        if (maxPerAddress > 0) {
            perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        }
    }

    void giveBack(String address) {
        inUse.decrementAndGet();
        if (maxPerAddress > 0) {
            perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }
}
