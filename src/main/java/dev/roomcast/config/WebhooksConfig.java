package dev.roomcast.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Signed webhooks: events POSTed in batches to one URL (docs/hooks.md). Off, at no cost, while {@code url} is unset.
 * The sender holds events in memory only: size {@code max-queued-bytes} into the instance's memory budget.
 */
@ConfigMapping(prefix = "roomcast.webhooks")
public interface WebhooksConfig {

    /** Where batches are POSTed ({@code http://} or {@code https://}); unset: webhooks are off. */
    Optional<String> url();

    /** The HMAC-SHA256 key of {@code X-Roomcast-Signature}; required when {@code url} is set. */
    Optional<String> secret();

    /**
     * The event types sent, by wire name. {@code message_published} (one event per room message) is opt-in: add
     * it to the list. An unknown name fails start-up.
     */
    @WithDefault("room_occupied,room_vacated,member_joined,member_left,user_online,user_offline")
    List<String> events();

    /**
     * Most bytes of encoded events waiting on this instance (queued and in flight, retries included); past it new
     * events are dropped and counted ({@code reason="queue_full"}).
     */
    @WithDefault("4194304")
    long maxQueuedBytes();

    /** Most events waiting on this instance, whatever their size; past it new events are dropped the same way. */
    @WithDefault("50000")
    int maxQueuedEvents();

    /** Most events in one POST. */
    @WithDefault("100")
    int maxBatchEvents();

    /** Most bytes of events in one POST (a single bigger event still goes, alone). */
    @WithDefault("262144")
    int maxBatchBytes();

    /**
     * Ordered lanes: each room (a user's own events: each user) always goes through the same lane, and a lane has
     * one POST in flight at a time, so this is also how many POSTs are in flight at most.
     */
    @WithDefault("4")
    int lanes();

    /** Most HTTP connections to the receiver, kept alive between POSTs. */
    @WithDefault("4")
    int maxConnections();

    /** A POST not answered in this long (connecting included) has failed and is retried. */
    @WithDefault("10s")
    Duration requestTimeout();

    /**
     * How long a batch is retried after its first attempt failed; then its events are dropped and counted
     * ({@code reason="retries_exhausted"}). Meanwhile its lane's later events wait behind it.
     */
    @WithDefault("1m")
    Duration retryFor();

    /** The first retry waits up to this long (at random: full jitter); each further one up to twice as long. */
    @WithDefault("500ms")
    Duration backoffMin();

    /** No retry waits longer than this. */
    @WithDefault("30s")
    Duration backoffMax();

    /**
     * At shutdown (after the connections are drained) the sender keeps sending what is queued for up to this long;
     * what is left is dropped and counted ({@code reason="shutdown"}).
     */
    @WithDefault("5s")
    Duration shutdownTimeout();
}
