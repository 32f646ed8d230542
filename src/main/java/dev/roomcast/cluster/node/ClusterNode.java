package dev.roomcast.cluster.node;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import dev.roomcast.cluster.ByKind;
import dev.roomcast.cluster.History;
import dev.roomcast.cluster.ReadPositions;
import dev.roomcast.cluster.RoutedHistory;
import dev.roomcast.cluster.memory.InMemoryReadPositions;
import dev.roomcast.cluster.redis.RedisReadPositions;
import dev.roomcast.cluster.HistoryLimits;
import dev.roomcast.cluster.HistoryWriter;
import dev.roomcast.cluster.LinkHealth;
import dev.roomcast.cluster.LocalMembers;
import dev.roomcast.cluster.LocalRecipients;
import dev.roomcast.cluster.LocalUsers;
import dev.roomcast.cluster.PresenceEvents;
import dev.roomcast.cluster.Transitions;
import dev.roomcast.cluster.UserPresence;
import dev.roomcast.cluster.memory.InMemoryUserPresence;
import dev.roomcast.cluster.redis.RedisUserPresence;
import dev.roomcast.cluster.Notices;
import dev.roomcast.cluster.Presence;
import dev.roomcast.cluster.Publishing;
import dev.roomcast.cluster.UserDirectory;
import dev.roomcast.cluster.Watching;
import dev.roomcast.cluster.memory.InMemoryFanout;
import dev.roomcast.cluster.memory.InMemoryHistory;
import dev.roomcast.cluster.memory.InMemoryPresence;
import dev.roomcast.cluster.redis.ClusterRedis;
import dev.roomcast.cluster.redis.Keys;
import dev.roomcast.cluster.redis.RedisFanout;
import dev.roomcast.cluster.redis.RedisHistory;
import dev.roomcast.cluster.redis.RedisPresence;
import dev.roomcast.cluster.redis.RedisShards;
import dev.roomcast.cluster.redis.SingleRedis;
import dev.roomcast.config.BroadcastsConfig;
import dev.roomcast.config.InboxConfig;
import dev.roomcast.config.InstanceId;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.protocol.MessageType;
import dev.roomcast.telemetry.RoomcastMetrics;
import dev.roomcast.telemetry.Tracing;
import io.micrometer.core.instrument.Gauge;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/**
 * Chooses, at start-up, how instances share rooms ({@code roomcast.fanout.type}), builds the matching
 * fan-out ({@link Publishing}, {@link Watching}, {@link UserDirectory}, {@link LinkHealth}, each its own bean),
 * {@link Presence} and {@link History} with its {@link HistoryWriter}, and starts and stops them. The Redis client is only created in
 * Redis mode. The local side ({@link LocalRecipients}, {@link LocalMembers}) comes from the room layer
 * by injection, so nothing here depends on it.
 */
@Singleton
public class ClusterNode {

    private static final Logger LOG = Logger.getLogger(ClusterNode.class);

    private final Publishing publishing;
    private final Watching watching;
    private final UserDirectory users;
    private final LinkHealth health;
    private final Presence presence;
    private final History history;
    private final HistoryWriter historyWriter;
    private final ReadPositions readPositions;
    private final UserPresence userPresence;
    private final Runnable start;
    private final Runnable stop;
    private Gauge held;
    private Gauge inboxesHeld;

    private static final String HELD = "Bytes room history holds on this instance (memory mode; 0 with Redis)";

    ClusterNode(RoomcastConfig config, LocalRecipients local, LocalMembers members, Instance<Notices> notices, Vertx vertx,
            Instance<Redis> redis, RedisOptionsCapture redisOptions, RoomcastMetrics metrics, Tracing tracing,
            PresenceEvents events, LocalUsers localUsers, InstanceId instance) {
        RoomcastConfig.Fanout settings = config.fanout();
        Transitions roomTransitions = events.rooms() != null ? events.rooms() : Transitions.NONE;
        HistoryLimits kept = limits(config.history());
        ByKind<HistoryLimits> limits = new ByKind<>(kept, limits(config.inbox()), limits(config.broadcasts()));
        if (settings.type() == RoomcastConfig.FanoutType.MEMORY) {
            ByKind<InMemoryHistory> memoryHistories = new ByKind<>(new InMemoryHistory(limits.rooms(), members, metrics),
                    new InMemoryHistory(limits.inboxes(), members, metrics),
                    new InMemoryHistory(limits.broadcasts(), members, metrics));
            InMemoryHistory memoryHistory = memoryHistories.rooms();
            InMemoryFanout memoryFanout = new InMemoryFanout(local, memoryHistories);
            publishing = memoryFanout;
            watching = memoryFanout;
            users = memoryFanout;
            health = memoryFanout;
            presence = new InMemoryPresence(config.presence().maxMembersListed(), roomTransitions);
            userPresence = events.users() != null ? new InMemoryUserPresence(events.users()) : UserPresence.OFF;
            history = new RoutedHistory(memoryHistories);
            historyWriter = memoryFanout;
            readPositions = new InMemoryReadPositions(config.readPositions().maxRooms(),
                    config.readPositions().maxBytes().orElse(Runtime.getRuntime().maxMemory() / 64),
                    config.readPositions().ttl().toMillis());
            start = () -> {
                LOG.infof("Fan-out: in memory (single instance); history up to %d MiB, inboxes up to %d MiB",
                        kept.maxBytes() >> 20, limits.inboxes().maxBytes() >> 20);
                memoryHistory.start(vertx);
                memoryHistories.inboxes().start(vertx);
                memoryHistories.broadcasts().start(vertx);
                held = metrics.gauge("roomcast.history.held.bytes", HELD, memoryHistory, InMemoryHistory::heldBytes);
                inboxesHeld = metrics.gauge("roomcast.inbox.held.bytes", "Bytes all inboxes hold on this instance "
                        + "(memory mode)", memoryHistories.inboxes(), InMemoryHistory::heldBytes);
            };
            stop = () -> {
                metrics.remove(held);
                metrics.remove(inboxesHeld);
            };
            return;
        }
        String instanceId = instance.value();
        Redis client = redis.get(); // builds the options from quarkus.redis.* (captured for the cluster's nodes)
        RedisOptions options = redisOptions.options();
        Keys keys = new Keys(settings.channelPrefix());
        RedisNodes nodes = options.getType() == RedisClientType.CLUSTER ? new RedisNodes(vertx, options) : null;
        ShardLinks links = new ShardLinks(vertx, keys, instanceId, settings, metrics);
        RedisShards shards = nodes != null
                ? new ClusterRedis(vertx, nodes.seeds(), node -> links.open(nodes.client(node), node, node, () -> nodes.close(node)), nodes::slots,
                        settings.reconnectInterval().toMillis(), settings.commandTimeout().toMillis())
                : new SingleRedis(links.open(client, "redis", ShardLabel.of(ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.redis.hosts", String.class))));
        String writer = switch (options.getType()) {
            case CLUSTER -> "id";
            case SENTINEL -> "replid";
            default -> "";
        };
        RedisFanout redisFanout = new RedisFanout(local, instanceId, keys, shards, metrics, tracing, vertx);
        RedisPresence redisPresence = new RedisPresence(shards, vertx, members, notices::get, roomTransitions, instanceId, keys,
                settings.presenceTtl().toMillis(), settings.presenceRefresh().toMillis(), config.presence().maxMembersListed());
        RedisUserPresence online = events.users() == null ? null : new RedisUserPresence(shards, vertx, localUsers,
                events.users(), instanceId, keys, settings.presenceTtl().toMillis(), settings.presenceRefresh().toMillis());
        userPresence = online != null ? online : UserPresence.OFF;
        ByKind<RedisHistory> redisHistories = new ByKind<>(
                new RedisHistory(shards, keys, writer, limits.rooms(), MessageType.MESSAGE, metrics),
                new RedisHistory(shards, keys, writer, limits.inboxes(), MessageType.PRIVATE, metrics),
                new RedisHistory(shards, keys, writer, limits.broadcasts(), MessageType.BROADCAST, metrics));
        redisFanout.history(redisHistories);
        publishing = redisFanout;
        watching = redisFanout;
        users = redisFanout;
        health = redisFanout;
        presence = redisPresence;
        history = new RoutedHistory(redisHistories);
        readPositions = new RedisReadPositions(shards, keys, config.readPositions().maxRooms(),
                config.readPositions().ttl().toMillis());
        historyWriter = redisFanout;
        start = () -> {
            LOG.infof("Fan-out: Redis %s, instance %s, prefix '%s'", shards.sharded() ? "Cluster, sharded pub/sub"
                    : "pub/sub", instanceId, settings.channelPrefix());
            redisFanout.start();
            redisPresence.start();
            if (online != null) {
                online.start();
            }
            awaitFirstConnection(shards.start(), settings.commandTimeout());
            held = metrics.gauge("roomcast.history.held.bytes", HELD, shards, l -> 0); // it is all in Redis
        };
        stop = () -> {
            redisPresence.stop();
            if (online != null) {
                online.stop();
            }
            shards.stop();
            if (nodes != null) {
                nodes.close();
            }
            metrics.remove(held);
        };
    }

    /** A round trip in milliseconds as seconds; NaN for -1 (none measured yet). */

    /**
     * history.max-bytes defaults to an eighth of the maximum heap: at -Xmx448m that is 56 MiB (28 MiB in the
     * chart's default 448Mi pod, -Xmx224m), beside ~130 MiB for max-connections idle connections (~6.5 KiB each) and the rest, with room for the GC.
     */
    /** Inboxes: a sixteenth of the heap in memory mode unless set. */
    static HistoryLimits limits(InboxConfig inbox) {
        return new HistoryLimits(inbox.size(), inbox.ttl().toMillis(), inbox.maxUserBytes(),
                inbox.maxBytes().orElse(Runtime.getRuntime().maxMemory() / 16), true, inbox.unseenTtl().toMillis());
    }

    /** The broadcast stream is one history: its own bound is the whole budget. */
    static HistoryLimits limits(BroadcastsConfig broadcasts) {
        return new HistoryLimits(broadcasts.size(), broadcasts.ttl().toMillis(), broadcasts.maxBytes(),
                broadcasts.maxBytes() + HistoryLimits.MIN_ID_WINDOW * 256L, true, 0);
    }

    static HistoryLimits limits(RoomcastConfig.History history) {
        return new HistoryLimits(history.size(), history.ttl().toMillis(), history.maxRoomBytes(),
                history.maxBytes().orElse(Runtime.getRuntime().maxMemory() / 8));
    }

    /**
     * StartupEvent observers run before the HTTP server listens: waiting here means the first clients
     * never meet a Redis link that is merely still connecting (they would get fanout_unavailable).
     * If Redis is down the instance still starts, serving its own connections, with readiness DOWN.
     */
    private static void awaitFirstConnection(Future<Void> firstAttempt, Duration timeout) {
        try {
            firstAttempt.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("Redis did not answer within %s at start-up; starting anyway, still trying", timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // the attempt never fails, it only ends
        }
    }

    @Produces
    @Singleton
    Publishing publishing() {
        return publishing;
    }

    @Produces
    @Singleton
    Watching watching() {
        return watching;
    }

    @Produces
    @Singleton
    UserDirectory users() {
        return users;
    }

    @Produces
    @Singleton
    LinkHealth health() {
        return health;
    }

    @Produces
    @Singleton
    History history() {
        return history;
    }

    @Produces
    @Singleton
    HistoryWriter historyWriter() {
        return historyWriter;
    }

    @Produces
    @Singleton
    ReadPositions readPositions() {
        return readPositions;
    }

    @Produces
    @Singleton
    Presence presence() {
        return presence;
    }

    @Produces
    @Singleton
    UserPresence userPresence() {
        return userPresence;
    }

    void onStart(@Observes StartupEvent event) {
        start.run();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop.run();
    }
}
