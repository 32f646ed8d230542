package dev.roomcast.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.WithDefault;

/** Who may connect and how much they may send ({@code roomcast.security.*}). */
public interface SecurityConfig {
    /** Browser origins allowed to connect (exact, e.g. https://app.example.com); none set: no origin check. */
    Optional<List<String>> allowedOrigins();

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
