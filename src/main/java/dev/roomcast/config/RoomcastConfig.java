package dev.roomcast.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every Roomcast setting. Each property can also be set as an environment variable
 * (e.g. {@code roomcast.heartbeat.interval} → {@code ROOMCAST_HEARTBEAT_INTERVAL}).
 */
@ConfigMapping(prefix = "roomcast")
public interface RoomcastConfig {

    Heartbeat heartbeat();

    Limits limits();

    Outbound outbound();

    Fanout fanout();

    History history();

    InboxConfig inbox();

    BroadcastsConfig broadcasts();

    ReadPositionsConfig readPositions();

    Presence presence();

    Drain drain();

    SecurityConfig security();

    AuthConfig auth();

    ApiConfig api();

    interface History {
        /** Messages kept per room for resuming clients; 0 turns history (offsets, since, accepted offsets) off. */
        @WithDefault("100")
        int size();

        /** A room's history expires after this long without a message; its epoch then changes. */
        @WithDefault("5m")
        Duration ttl();

        /**
         * Most bytes of messages a room holds (each as sent: the stamped {@code message} frame's text), in memory
         * and in Redis; the oldest go first. Half the outbound bound by default, so a room's whole replay fits
         * in one connection's {@code outbound.max-queued-bytes} with room left for live traffic.
         */
        @WithDefault("524288")
        long maxRoomBytes();

        /**
         * Memory mode: most bytes all rooms' history may take on this instance (messages, ids and bookkeeping);
         * past it, whole rooms' logs go, least recently written first. Unset: an eighth of the maximum heap.
         */
        java.util.OptionalLong maxBytes();
    }

    interface Presence {
        /**
         * {@code joined} lists the members while a room has at most this many; a bigger room gets
         * {@code member_count} alone (page through it with {@code members}), and its joins and leaves are
         * announced in coalesced {@code presence_diff} notices instead of one notice each.
         */
        @WithDefault("50")
        int maxMembersListed();

        /** A big room's joins and leaves are gathered for this long, then sent as one {@code presence_diff}. */
        @WithDefault("250ms")
        Duration diffInterval();

        /**
         * A {@code presence_diff} names at most this many users; with more changes in one interval it names none
         * and says how many there were ({@code unlisted}): a big room filling at once would otherwise send every
         * member every other member's name.
         */
        @WithDefault("100")
        int maxNamesPerDiff();

        /**
         * Rooms whose joins and leaves are never announced (no {@code user_joined}, {@code user_left} or
         * {@code presence_diff}), as patterns like those of room grants ({@code *} matches any run of characters).
         */
        Optional<java.util.List<String>> quietRooms();
    }

    interface Drain {
        /** Connections told to go per batch, so thousands do not reconnect elsewhere in the same millisecond. */
        @WithDefault("100")
        int batchSize();

        /** Pause between batches. */
        @WithDefault("100ms")
        Duration batchInterval();

        /** The drain ends by this time at the latest; keep it below Kubernetes' termination grace period. */
        @WithDefault("20s")
        Duration timeout();

        /** {@code reconnect_after_ms} is spread at random over [0, this) so clients come back gradually. */
        @WithDefault("5s")
        Duration reconnectSpread();
    }

    interface Heartbeat {
        /** How often the server pings a connection. */
        @WithDefault("25s")
        Duration interval();

        /** A connection that sends nothing (not even a pong) for this long is closed with 4001. */
        @WithDefault("60s")
        Duration timeout();
    }

    interface Limits {
        /**
         * Largest inbound WebSocket message in bytes; a larger one is dropped and the connection closed with 1009.
         * Applied through {@code quarkus.websockets-next.server.max-message-size} in application.properties, and the
         * default of {@code quarkus.http.limits.max-body-size}, the largest HTTP request body (security/BodyLimit).
         */
        @WithDefault("65536")
        int maxMessageBytes();

        /**
         * Hard cap on one inbound frame, kept above the message limit: a frame this big is cut off at
         * once by the decoder, so the client may see 1006 instead of 1009. Bounds per-connection read memory.
         * Applied through {@code quarkus.websockets-next.server.max-frame-size}.
         */
        @WithDefault("262144")
        int maxFrameBytes();

        /** Largest {@code content} value in bytes (UTF-8); larger gets a {@code content_too_large} error. */
        @WithDefault("32768")
        int maxContentBytes();

        /** Rooms one connection may be in at once; more gets a {@code too_many_rooms} error. */
        @WithDefault("100")
        int maxRoomsPerConnection();

        /** Room names must match this regular expression. */
        @WithDefault("[A-Za-z0-9_.:-]+")
        String roomNamePattern();

        /** Longest room name in characters. */
        @WithDefault("64")
        int maxRoomNameLength();
    }

    interface Outbound {
        /**
         * Bytes that may wait for one slow connection before it is closed with 4002 (slow consumer).
         * Bounds memory per connection; other clients are never held back by a slow one.
         */
        @WithDefault("1048576")
        long maxQueuedBytes();

        /**
         * Under heavy fan-out (an event loop flushing many connections back to back), frames wait at most
         * this long so each connection takes several per syscall; otherwise they go out at the end of the
         * event-loop turn. The most latency batching may add; 0 turns batching across turns off. 25 ms, not
         * less: with 1000 subscribers a 15 ms cycle spent most of a core on flush syscalls alone, and
         * p99 ended up above 25 ms anyway (docs/performance.md).
         */
        @WithDefault("25ms")
        Duration maxFlushDelay();
    }

    interface Fanout {
        /** {@code memory}: a single instance; {@code redis}: instances share rooms through Redis pub/sub. */
        @WithDefault("memory")
        FanoutType type();

        /** Prefix of every Redis channel and key, so several deployments can share one Redis. */
        @WithDefault("roomcast")
        String channelPrefix();

        /** This instance's id in Redis; a random UUID per start when absent. */
        Optional<String> instanceId();

        /** An instance that stops refreshing its presence is taken for dead after this long. */
        @WithDefault("15s")
        Duration presenceTtl();

        /** How often an instance refreshes its presence and reaps dead instances' members. */
        @WithDefault("5s")
        Duration presenceRefresh();

        /** How often a lost Redis connection is retried. */
        @WithDefault("1s")
        Duration reconnectInterval();

        /** How often the instance sends itself a canary through Redis; readiness is DOWN after three missing. */
        @WithDefault("2s")
        Duration canaryInterval();

        /** A Redis call a client waits on (join, private) gives up after this long, as if Redis were down. */
        @WithDefault("5s")
        Duration commandTimeout();
    }

    enum FanoutType {
        MEMORY,
        REDIS
    }
}
