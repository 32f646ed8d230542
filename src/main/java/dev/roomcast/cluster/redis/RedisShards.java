package dev.roomcast.cluster.redis;

import java.util.List;
import java.util.function.BiConsumer;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Where Redis commands and subscriptions go: one Redis ({@link SingleRedis}: standalone, or a master found
 * through Sentinel) or the masters of a Redis Cluster ({@link ClusterRedis}), each command to the master that
 * owns its key's slot. Room and user channels are <em>sharded</em> on a cluster (SPUBLISH/SSUBSCRIBE on the
 * slot's master, so a message crosses only that master) and plain elsewhere; global channels (broadcasts,
 * replies) are plain everywhere, since every instance wants them or they carry little.
 */
public interface RedisShards {

    /** Whether room and user channels are shard channels (SPUBLISH/SSUBSCRIBE). */
    boolean sharded();

    /** A command on the master of {@code key}'s slot, after every command issued before it there; bounded by the timeout. */
    Future<Response> command(String key, Request request);

    /** Like {@link #command} without a timer, for calls nobody waits on (pipelined publishes). */
    Future<Response> send(String key, Request request);

    /** A plain PUBLISH on a global channel (every instance's subscribers hear it), without a timer. */
    Future<Response> publishGlobal(String channel, Buffer payload);

    /** Subscribes a room or user channel (sharded on a cluster), kept across reconnects and topology changes. */
    Future<Void> subscribe(String channel);

    void unsubscribe(String channel);

    /** Subscribes a global channel (plain SUBSCRIBE). */
    Future<Void> subscribeGlobal(String channel);

    /** Where messages of every subscribed channel go; set before {@link #start}. */
    void onMessage(BiConsumer<String, Buffer> handler);

    /** Runs after a node's connections came back (or were suspended and resume): re-tell what Redis may have lost. */
    void onReconnect(Runnable listener);

    /** Loads the script on every connection to every master before any command (see {@link RedisLink#preload}). */
    void preload(String script);

    /** The masters now, by name; {@link #onMaster} reaches one of them (SCAN is per node). */
    List<String> masters();

    Future<Response> onMaster(String master, Request request);

    /** Broadcasts and replies can cross instances: the link carrying the global channels hears its canary. */
    boolean available();

    long roundTripMillis();

    /** Whether any node's connections are open. */
    boolean isUp();

    long timeoutMillis();

    Future<Void> start();

    void stop();

    /** PUBLISH, or SPUBLISH for a room or user channel on a cluster; Redis answers with the receivers on that node. */
    default Request publish(String channel, Buffer payload) {
        return Request.cmd(sharded() ? Command.SPUBLISH : Command.PUBLISH).arg(channel).arg(payload);
    }

    static Request plainPublish(String channel, Buffer payload) {
        return Request.cmd(Command.PUBLISH).arg(channel).arg(payload);
    }

    /** How many connections are subscribed to a room or user channel. */
    default Request subscribers(String channel) {
        return Request.cmd(Command.PUBSUB).arg(sharded() ? "SHARDNUMSUB" : "NUMSUB").arg(channel);
    }
}
