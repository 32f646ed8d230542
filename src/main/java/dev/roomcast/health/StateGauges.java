package dev.roomcast.health;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.Readiness;

import dev.roomcast.cluster.LinkHealth;
import dev.roomcast.room.RoomHub;
import dev.roomcast.session.SessionRegistry;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.micrometer.core.instrument.Gauge;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Gauges read from live state at each scrape: connections, rooms, room sizes, fan-out. They are
 * removed at shutdown: meters are shared by id, so a gauge left behind would keep reading the
 * state of an application that is gone (as after a restart in the same JVM).
 */
@Singleton
public class StateGauges {

    private final List<Gauge> registered = new ArrayList<>();
    private RoomcastMetrics metrics;

    /** Room-size buckets for roomcast_rooms_by_size{members=...}: min and max members, inclusive. */
    private static final int[][] SIZES = { { 1, 1 }, { 2, 10 }, { 11, 100 }, { 101, 1000 }, { 1001, Integer.MAX_VALUE } };
    private static final String[] SIZE_LABELS = { "1", "2-10", "11-100", "101-1000", "1001+" };

    void register(@Observes StartupEvent event, RoomcastMetrics metrics, SessionRegistry sessions, RoomHub hub,
            LinkHealth link, @Readiness FanoutReadiness readiness) {
        this.metrics = metrics;
        registered.add(metrics.gauge("roomcast.connections.active", "Open WebSocket connections on this instance", sessions,
                SessionRegistry::count));
        registered.add(metrics.gauge("roomcast.rooms", "Rooms with at least one connection on this instance", hub,
                RoomHub::roomCount));
        for (int i = 0; i < SIZES.length; i++) {
            int[] size = SIZES[i];
            registered.add(metrics.gauge("roomcast.rooms.by.size", "Rooms on this instance by number of local connections",
                    "members", SIZE_LABELS[i], hub, h -> h.roomsWithMembers(size[0], size[1])));
        }
        registered.add(metrics.gauge("roomcast.fanout.available",
                "1 while cross-instance fan-out works (always 1 in memory mode)", link, f -> f.available() ? 1 : 0));
        registered.add(metrics.gauge("roomcast.ready",
                "1 while the readiness check is UP (fan-out available and not draining), else 0", readiness,
                r -> r.ready() ? 1 : 0));
    }

    void unregister(@Observes ShutdownEvent event) {
        registered.forEach(metrics::remove);
        registered.clear();
    }
}
