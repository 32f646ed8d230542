package dev.roomcast.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A shard's two gauges read their suppliers at each scrape, and go away together when the shard does. */
class RedisShardGaugesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RoomcastMetrics metrics = new RoomcastMetrics(registry);

    private Gauge gauge(String name, String shard) {
        return registry.find(name).tag("shard", shard).gauge();
    }

    @Test
    void upAndRoundTripPerShardUntilRemoved() {
        AtomicBoolean up = new AtomicBoolean(true);
        AtomicReference<Double> seconds = new AtomicReference<>(Double.NaN);
        RoomcastMetrics.Registration first = metrics.redisShard("10.0.0.1:6379", up::get, seconds::get);
        metrics.redisShard("10.0.0.2:6379", () -> false, () -> 0.5);

        assertEquals(1, gauge("roomcast.redis.shard.up", "10.0.0.1:6379").value());
        assertTrue(Double.isNaN(gauge("roomcast.redis.shard.round.trip", "10.0.0.1:6379").value()), "none measured yet");
        up.set(false);
        seconds.set(0.003);
        assertEquals(0, gauge("roomcast.redis.shard.up", "10.0.0.1:6379").value());
        assertEquals(0.003, gauge("roomcast.redis.shard.round.trip", "10.0.0.1:6379").value());
        assertEquals("seconds", gauge("roomcast.redis.shard.round.trip", "10.0.0.1:6379").getId().getBaseUnit());

        first.remove();
        assertNull(gauge("roomcast.redis.shard.up", "10.0.0.1:6379"));
        assertNull(gauge("roomcast.redis.shard.round.trip", "10.0.0.1:6379"));
        assertEquals(0.5, gauge("roomcast.redis.shard.round.trip", "10.0.0.2:6379").value(), "the other shard stays");
    }
}
