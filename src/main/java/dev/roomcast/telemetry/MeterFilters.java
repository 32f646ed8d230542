package dev.roomcast.telemetry;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/** Meters Roomcast does not export, and why. */
@Singleton
public class MeterFilters {

    /**
     * The Vert.x Redis client's pool gauges ({@code redis.queue.size}, ...): Roomcast holds two dedicated
     * connections, so the gauge was registered twice and every start in Redis mode logged a warning about it;
     * {@code roomcast_fanout_*} and {@code roomcast_redis_*} say what matters about Redis.
     */
    @Produces
    @Singleton
    MeterFilter noRedisClientPoolMeters() {
        return MeterFilter.denyNameStartsWith("redis.");
    }
}
