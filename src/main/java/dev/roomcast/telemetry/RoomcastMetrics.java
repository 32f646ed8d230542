package dev.roomcast.telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;

import jakarta.inject.Singleton;

import dev.roomcast.protocol.CloseCode;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.MessageType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every Roomcast meter, in one place (Prometheus names in docs/operations.md). Label values come from
 * small fixed sets: message types, close reasons, error codes; never a room or user id.
 * Counters are created up front so the hot path does a map lookup and an increment.
 */
@Singleton
public class RoomcastMetrics {

    /** The {@code type} label of inbound frames that were not a readable request. */
    static final String INVALID = "invalid";

    private final MeterRegistry registry;
    private final Map<MessageType, Counter> inbound = new EnumMap<>(MessageType.class);
    private final Counter inboundInvalid;
    private final Map<MessageType, Counter> outbound = new EnumMap<>(MessageType.class);
    private final Map<MessageType, Timer> processing = new EnumMap<>(MessageType.class);
    private final Map<ErrorCode, Counter> errorFrames = new HashMap<>();
    private final Map<String, Timer> durations = new HashMap<>();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private final Counter accepted;
    private final DistributionSummary inboundSize;
    private final DistributionSummary outboundSize;
    private final Counter slowConsumers;
    private final Counter dropped;
    private final Timer publish;
    private final Timer lag;
    private final Counter reconnects;
    private final Counter redisErrors;
    private final Counter historyRoomsEvicted;
    private final Map<String, Counter> historyMessagesByReason = new HashMap<>();

    public RoomcastMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (MessageType type : MessageType.values()) {
            if (type.fromClient()) {
                inbound.put(type, messages("in", type.wire()));
                processing.put(type, Timer.builder("roomcast.message.processing").tag("type", type.wire())
                        .description("Time from a request's arrival until it is handled (including cluster round trips)")
                        .register(registry));
            }
            if (type.fromServer()) {
                outbound.put(type, messages("out", type.wire()));
            }
        }
        inboundInvalid = messages("in", INVALID);
        for (ErrorCode code : ErrorCode.values()) {
            errorFrames.put(code, Counter.builder("roomcast.errors").tag("component", component(code)).tag("type", code.wire())
                    .description("Errors by component and type (error frames, Redis failures)").register(registry));
        }
        for (String reason : closeReasons()) {
            durations.put(reason, Timer.builder("roomcast.connection.duration").tag("close_reason", reason)
                    .description("How long connections lasted, by close reason").register(registry));
        }
        accepted = Counter.builder("roomcast.connections").tag("outcome", "accepted").tag("reason", "none")
                .description("WebSocket upgrades, accepted or rejected (with the reason)").register(registry);
        inboundSize = DistributionSummary.builder("roomcast.message.size").tag("direction", "in").baseUnit("bytes")
                .description("Size of messages received, and of messages sent (once per message, not per recipient)")
                .publishPercentileHistogram().register(registry);
        outboundSize = DistributionSummary.builder("roomcast.message.size").tag("direction", "out").baseUnit("bytes")
                .description("Size of messages received, and of messages sent (once per message, not per recipient)")
                .publishPercentileHistogram().register(registry);
        slowConsumers = Counter.builder("roomcast.slow.consumer.disconnects")
                .description("Connections closed with 4002 because their outbound queue overflowed").register(registry);
        dropped = Counter.builder("roomcast.outbound.dropped")
                .description("Frames not queued because the connection's outbound queue was full").register(registry);
        publish = Timer.builder("roomcast.fanout.publish").publishPercentileHistogram()
                .description("Time for Redis to acknowledge a publish").register(registry);
        lag = Timer.builder("roomcast.fanout.lag").publishPercentileHistogram()
                .description("From publish on the origin instance to delivery here (clocks of both machines)")
                .register(registry);
        reconnects = Counter.builder("roomcast.redis.reconnects")
                .description("Times the Redis connections were re-established after a loss").register(registry);
        redisErrors = Counter.builder("roomcast.errors").tag("component", "redis").tag("type", "connection")
                .description("Errors by component and type (error frames, Redis failures)").register(registry);
        historyRoomsEvicted = Counter.builder("roomcast.history.evicted.rooms")
                .description("Rooms whose history this instance dropped whole to stay within history.max-bytes").register(registry);
        for (String reason : new String[] { "budget", "room_bytes" }) {
            historyMessagesByReason.put(reason, Counter.builder("roomcast.history.evicted.messages").tag("reason", reason)
                    .description("Messages dropped from history before their time: by the instance budget, or by a room's byte bound")
                    .register(registry));
        }
    }

    private Counter messages(String direction, String type) {
        return Counter.builder("roomcast.messages").tag("direction", direction).tag("type", type)
                .description("WebSocket messages received and sent, by protocol type").register(registry);
    }

    /** A value read at each scrape, e.g. open connections. Remove it when its source goes away. */
    public <T> Gauge gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        return Gauge.builder(name, source, value).description(description).strongReference(true).register(registry);
    }

    /** A gauge with one label, read at each scrape. */
    public <T> Gauge gauge(String name, String description, String tag, String tagValue, T source,
            ToDoubleFunction<T> value) {
        return Gauge.builder(name, source, value).tag(tag, tagValue).description(description).strongReference(true)
                .register(registry);
    }

    /** Unregisters a gauge, so a restarted application can register its own under the same name. */
    public void remove(Meter meter) {
        registry.remove(meter);
    }

    /** Takes meters away again, e.g. those of a Redis shard that is gone. */
    public interface Registration {
        void remove();
    }

    /**
     * The health of one Redis shard as this instance sees it: {@code roomcast_redis_shard_up{shard}} (1 while the
     * shard's canary comes back, else 0) and {@code roomcast_redis_shard_round_trip_seconds{shard}} (the last canary
     * round trip; NaN before the first). Both are read at each scrape.
     *
     * @param shard the shard's master as {@code host:port}
     * @return what removes both gauges, for a shard that disappears (after a failover or a reshard)
     */
    public Registration redisShard(String shard, BooleanSupplier up, DoubleSupplier roundTripSeconds) {
        Gauge upGauge = Gauge.builder("roomcast.redis.shard.up", up, u -> u.getAsBoolean() ? 1 : 0).tag("shard", shard)
                .description("1 while this Redis shard's canary comes back to this instance, else 0")
                .strongReference(true).register(registry);
        Gauge roundTrip = Gauge.builder("roomcast.redis.shard.round.trip", roundTripSeconds, DoubleSupplier::getAsDouble)
                .tag("shard", shard).baseUnit("seconds")
                .description("Last round trip of the canary through this Redis shard (NaN before the first)")
                .strongReference(true).register(registry);
        return () -> {
            registry.remove(upGauge);
            registry.remove(roundTrip);
        };
    }

    public void connectionAccepted() {
        accepted.increment();
    }

    public void connectionRejected(String reason) {
        rejections.computeIfAbsent(reason, r -> Counter.builder("roomcast.connections").tag("outcome", "rejected")
                .tag("reason", r).description("WebSocket upgrades, accepted or rejected (with the reason)")
                .register(registry)).increment();
    }

    /** @param closeCode the WebSocket close code, mapped to a name from a fixed set */
    public void connectionClosed(int closeCode, Duration lifetime) {
        durations.get(closeReason(closeCode)).record(lifetime);
    }

    /** A request read from a text frame of {@code bytes} characters. */
    public void received(MessageType type, int bytes) {
        inbound.get(type).increment();
        inboundSize.record(bytes);
    }

    /** A text frame that was not a readable request. */
    public void receivedInvalid(int bytes) {
        inboundInvalid.increment();
        inboundSize.record(bytes);
    }

    public void processed(MessageType type, long nanos) {
        processing.get(type).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One message of this type written to {@code recipients} connections. */
    public void sent(MessageType type, int bytes, int recipients) {
        if (recipients > 0) {
            outbound.get(type).increment(recipients);
        }
        outboundSize.record(bytes);
    }

    public void errorFrame(ErrorCode code) {
        errorFrames.get(code).increment();
    }

    public void slowConsumerDisconnected() {
        slowConsumers.increment();
    }

    public void outboundDropped() {
        dropped.increment();
    }

    public void published(long nanos) {
        publish.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void lag(long millis) {
        lag.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    public void redisReconnected() {
        reconnects.increment();
    }

    public void redisConnectionFailed() {
        redisErrors.increment();
    }

    /** A room's history was dropped to stay within the instance budget, with this many messages. */
    public void historyRoomEvicted(int messages) {
        historyRoomsEvicted.increment();
        historyMessagesEvicted("budget", messages);
    }

    /** @param reason {@code budget} or {@code room_bytes} */
    public void historyMessagesEvicted(String reason, long messages) {
        if (messages > 0) {
            historyMessagesByReason.get(reason).increment(messages);
        }
    }

    private static String component(ErrorCode code) {
        return switch (code) {
            case FANOUT_UNAVAILABLE, FANOUT_TIMEOUT -> "fanout";
            case INTERNAL_ERROR -> "server";
            case HOOK_DENIED, HOOK_FAILED, HOOK_BUSY -> "hook";
            default -> "protocol";
        };
    }

    /** Every value closeReason can return. */
    private static List<String> closeReasons() {
        List<String> reasons = new ArrayList<>(List.of("normal", "no_status", "abnormal", "other"));
        for (CloseCode known : CloseCode.values()) {
            reasons.add(known.name().toLowerCase());
        }
        return reasons;
    }

    static String closeReason(int code) {
        for (CloseCode known : CloseCode.values()) {
            if (known.code() == code) {
                return known.name().toLowerCase();
            }
        }
        return switch (code) {
            case 1000 -> "normal";
            case 1005 -> "no_status";
            case 1006 -> "abnormal";
            default -> "other";
        };
    }
}
