package dev.roomcast.cluster.redis;

import java.util.List;
import java.util.function.BiConsumer;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * One Redis, standalone or a master the client finds through Sentinel (after a failover the link's reconnect
 * asks the sentinels again): every command and subscription goes over one {@link RedisLink}, plain pub/sub.
 */
public final class SingleRedis implements RedisShards {

    private final RedisLink link;

    public SingleRedis(RedisLink link) {
        this.link = link;
    }

    @Override
    public boolean sharded() {
        return false;
    }

    @Override
    public Future<Response> command(String key, Request request) {
        return link.command(request);
    }

    @Override
    public Future<Response> send(String key, Request request) {
        return link.send(request);
    }

    @Override
    public Future<Response> publishGlobal(String channel, Buffer payload) {
        return link.send(RedisShards.plainPublish(channel, payload));
    }

    @Override
    public Future<Void> subscribe(String channel) {
        return link.subscribe(channel, false);
    }

    @Override
    public void unsubscribe(String channel) {
        link.unsubscribe(channel);
    }

    @Override
    public Future<Void> subscribeGlobal(String channel) {
        return link.subscribe(channel, false);
    }

    @Override
    public void onMessage(BiConsumer<String, Buffer> handler) {
        link.onMessage(handler);
    }

    @Override
    public void onReconnect(Runnable listener) {
        link.onReconnect(listener);
    }

    @Override
    public void preload(String script) {
        link.preload(script);
    }

    @Override
    public List<String> masters() {
        return List.of(link.node());
    }

    @Override
    public Future<Response> onMaster(String master, Request request) {
        return link.command(request);
    }

    @Override
    public boolean available() {
        return link.healthy();
    }

    @Override
    public long roundTripMillis() {
        return link.roundTripMillis();
    }

    @Override
    public boolean isUp() {
        return link.isUp();
    }

    @Override
    public long timeoutMillis() {
        return link.timeoutMillis();
    }

    @Override
    public Future<Void> start() {
        return link.start();
    }

    @Override
    public void stop() {
        link.stop();
    }
}
