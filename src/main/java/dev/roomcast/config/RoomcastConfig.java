package dev.roomcast.config;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

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

    Presence presence();

    Drain drain();

    Security security();

    Auth auth();

    Api api();

    /** The HTTP API for backends under /api/v1 (docs/api.md). */
    interface Api {
        /** Keys a backend sends as {@code Authorization: Bearer <key>}; none: the API is off (404). */
        Optional<java.util.List<String>> keys();

        /** Keys that may also send as a user who is connected ({@code from} naming a connected user). */
        Optional<java.util.List<String>> impersonatingKeys();

        /** The sender of API messages that name none. */
        @WithDefault("server")
        String sender();

        /** Requests per second per key; beyond: 429. */
        @WithDefault("200")
        double requestsPerSecond();

        /** Requests a key may make at once before the rate applies. */
        @WithDefault("400")
        double burst();
    }

    interface Auth {
        /**
         * {@code off}: anyone connects, the user id is the {@code id} parameter; {@code optional}: a token is
         * checked when sent, connections without one are anonymous; {@code required}: no token, no connection (401).
         */
        @WithDefault("off")
        AuthMode mode();

        /** Query parameter carrying the token for clients that cannot set headers (browsers). */
        @WithDefault("access_token")
        String queryParameter();

        /** Token claim listing the room patterns the user may join ({@code *} is a wildcard). */
        @WithDefault("rooms")
        String joinClaim();

        /** Token claim listing the room patterns the user may publish to. */
        @WithDefault("publish")
        String publishClaim();

        /** Token claim ({@code true}/{@code false}) saying whether the user may broadcast to everyone. */
        @WithDefault("broadcast")
        String broadcastClaim();

        /** Room patterns a token without the join claim may join; {@code none} for no rooms. */
        @WithDefault("*")
        java.util.List<String> defaultJoin();

        /** Room patterns a token without the publish claim may publish to; {@code none} for no rooms. */
        @WithDefault("*")
        java.util.List<String> defaultPublish();

        /** Whether a token without the broadcast claim may broadcast. */
        @WithDefault("false")
        boolean defaultBroadcast();

        /** Room patterns an anonymous connection (optional mode, no token) may join; {@code none} for no rooms. */
        @WithDefault("*")
        java.util.List<String> anonymousJoin();

        /** Room patterns an anonymous connection may publish to. */
        @WithDefault("none")
        java.util.List<String> anonymousPublish();

        /** Whether an anonymous connection may broadcast. */
        @WithDefault("false")
        boolean anonymousBroadcast();

        /** Whether an anonymous connection may send private messages (token holders and auth off always may). */
        @WithDefault("false")
        boolean anonymousPrivate();
    }

    enum AuthMode {
        OFF,
        OPTIONAL,
        REQUIRED
    }

    interface Security {
        /** Browser origins allowed to connect (exact, e.g. https://app.example.com); none set: no origin check. */
        Optional<java.util.List<String>> allowedOrigins();

        /** Open connections this instance accepts; beyond, upgrades get 503 so a load balancer retries elsewhere. */
        @WithDefault(SocketCap.DEFAULT_MAX_CONNECTIONS)
        int maxConnections();

        /**
         * TCP connections beyond {@link #maxConnections()}: handshakes not yet complete and plain HTTP (probes,
         * metrics). A connection past max-connections plus this is closed as it is accepted (see {@link SocketCap}).
         */
        @WithDefault(SocketCap.DEFAULT_MAX_PENDING_HANDSHAKES)
        int maxPendingHandshakes();

        /**
         * Open connections from one client address; beyond, upgrades get 429. Off when unset (the default):
         * behind a proxy or NAT many clients share one address, so turn it on only where real addresses are seen.
         */
        OptionalInt maxConnectionsPerAddress();

        /** New connections per second from one client address (the burst is the same); beyond, 429. Off when unset. */
        OptionalInt connectionsPerSecondPerAddress();

        /** Requests per second one connection may send; beyond, each gets a rate_limited error. */
        @WithDefault("100")
        int messagesPerSecond();

        /** Requests one connection may send at once before the rate applies. */
        @WithDefault("200")
        int messageBurst();

        /** Bytes of text frames one connection may send a second; beyond, each request gets rate_limited. */
        @WithDefault("262144")
        int bytesPerSecond();

        /**
         * Bytes one connection may send at once before the byte rate applies. Half the outbound bound: one member's
         * whole burst fits in every reader's queue twice over (docs/configuration.md, "Limits that agree").
         */
        @WithDefault("524288")
        int byteBurst();

        /** Rate-limited requests, with no refusal-free second between them, after which the connection is closed with 1008. */
        @WithDefault("100")
        int abuseLimit();

        /**
         * An upgrade that passed the connection limits but has not opened within this long gives its place
         * back; it is also Quarkus's HTTP idle timeout and the write-idle timeout (HandshakeDeadline), so a
         * connection silent or unanswered this long is closed (established WebSockets have their own
         * heartbeat instead).
         */
        @WithDefault("10s")
        Duration handshakeTimeout();
    }

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
