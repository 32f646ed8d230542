package dev.roomcast.cluster.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import dev.roomcast.cluster.FanoutUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The masters of a Redis Cluster, one {@link RedisLink} each (with its own canary), and the slot map that sends
 * each command and shard channel to its slot's master ({@link SlotRouter}). The map comes from
 * {@code CLUSTER SLOTS}, asked of a healthy master or a seed every reconnect interval, and at once on MOVED or when
 * a master drops a shard channel by itself. Channels follow their slot ({@link ShardChannels}); links to former
 * masters close. Topology and subscriptions change on one context (the links' too); routing reads a snapshot.
 */
public final class ClusterRedis implements RedisShards {

    private static final Logger LOG = Logger.getLogger(ClusterRedis.class);

    /** The slot map and a link per master in it; replaced whole. */
    private record Topology(ClusterSlots slots, Map<String, RedisLink> links) { }

    private final Vertx vertx;
    private final Context context;
    private final List<String> seeds;
    private final Function<String, RedisLink> newLink;
    private final Function<String, Future<Response>> askSlots;
    private final long refreshMillis;
    private final long timeoutMillis;
    private final List<String> scripts = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private BiConsumer<String, Buffer> onMessage = (channel, payload) -> { };

    private volatile Topology topology = new Topology(ClusterSlots.NONE, Map.of());
    // Touched only on the context.
    private final ShardChannels shardChannels;
    private final GlobalChannels global = new GlobalChannels();
    private final SettlingSlots settling;
    private final SlotRouter router;
    private boolean refreshing;
    /** start() has started the first links; later ones start as they are opened. */
    private boolean started;
    private long timerId = -1;

    /**
     * @param seeds nodes ("host:port") to ask for the slot map when no master link answers
     * @param newLink a link (not started) to a master
     * @param askSlots CLUSTER SLOTS asked of a node over a short-lived connection
     */
    public ClusterRedis(Vertx vertx, List<String> seeds, Function<String, RedisLink> newLink,
            Function<String, Future<Response>> askSlots, long refreshMillis, long timeoutMillis) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.seeds = List.copyOf(seeds);
        this.newLink = newLink;
        this.askSlots = askSlots;
        this.refreshMillis = refreshMillis;
        this.timeoutMillis = timeoutMillis;
        this.settling = new SettlingSlots(vertx, context, refreshMillis);
        this.shardChannels = new ShardChannels(context);
        this.router = new SlotRouter(context, settling, slot -> linkOf(topology.slots().owner(slot)), this::linkOf,
                () -> context.runOnContext(v -> refresh()));
    }

    @Override
    public boolean sharded() {
        return true;
    }

    @Override
    public Future<Response> command(String key, Request request) {
        return router.route(Slots.of(key), request, true);
    }

    @Override
    public Future<Response> send(String key, Request request) {
        return router.route(Slots.of(key), request, false);
    }

    private RedisLink linkOf(String node) {
        return node == null ? null : topology.links().get(node);
    }

    @Override
    public Future<Response> publishGlobal(String channel, Buffer payload) {
        RedisLink link = linkOf(global.node());
        return link == null ? Future.failedFuture(FanoutUnavailableException.INSTANCE)
                : link.send(RedisShards.plainPublish(channel, payload));
    }

    @Override
    public Future<Void> subscribe(String channel) {
        Promise<Void> done = Promise.promise();
        OnContext.run(context, () -> shardChannels.subscribe(channel, topology.slots(), topology.links()).onComplete(done));
        return done.future();
    }

    @Override
    public void unsubscribe(String channel) {
        OnContext.run(context, () -> shardChannels.unsubscribe(channel, topology.links()));
    }

    @Override
    public Future<Void> subscribeGlobal(String channel) {
        Promise<Void> done = Promise.promise();
        OnContext.run(context, () -> {
            RedisLink link = global.add(channel, topology.links()); // none yet: subscribed once there is one
            (link == null ? Future.<Void>failedFuture(FanoutUnavailableException.INSTANCE) : link.subscribe(channel, false))
                    .onComplete(done);
        });
        return done.future();
    }

    @Override
    public void onMessage(BiConsumer<String, Buffer> handler) {
        this.onMessage = handler;
    }

    @Override
    public void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    @Override
    public void preload(String script) {
        scripts.add(script);
    }

    @Override
    public List<String> masters() {
        return List.copyOf(topology.links().keySet());
    }

    @Override
    public Future<Response> onMaster(String master, Request request) {
        RedisLink link = linkOf(master);
        return link == null ? Future.failedFuture(FanoutUnavailableException.INSTANCE) : link.command(request);
    }

    @Override
    public boolean available() {
        RedisLink link = linkOf(global.node());
        return link != null && link.healthy();
    }

    @Override
    public long roundTripMillis() {
        RedisLink link = linkOf(global.node());
        return link == null ? -1 : link.roundTripMillis();
    }

    @Override
    public boolean isUp() {
        return topology.links().values().stream().anyMatch(RedisLink::isUp);
    }

    @Override
    public long timeoutMillis() {
        return timeoutMillis;
    }

    public Map<String, RedisLink> links() { // by node, for per-shard health
        return topology.links();
    }

    @Override
    public Future<Void> start() {
        Promise<Void> first = Promise.promise();
        context.runOnContext(v -> {
            refresh().onComplete(done -> {
                started = true;
                Future.join(topology.links().values().stream().map(RedisLink::start).toList())
                        .onComplete(all -> first.tryComplete());
            });
            timerId = vertx.setPeriodic(refreshMillis, id -> refresh());
        });
        return first.future();
    }

    @Override
    public void stop() {
        context.runOnContext(v -> {
            vertx.cancelTimer(timerId);
            settling.failAll();
            topology.links().values().forEach(RedisLink::stop);
            topology = new Topology(ClusterSlots.NONE, Map.of());
        });
    }

    /** Asks a master we know (else a seed) for the slot map, and follows it. One at a time. */
    private Future<Void> refresh() {
        if (refreshing) {
            return Future.succeededFuture();
        }
        refreshing = true;
        List<String> candidates = new ArrayList<>(); // masters that answer first: a frozen one may hold its connection
        topology.links().forEach((node, link) -> {
            if (link.healthy()) {
                candidates.add(node);
            }
        });
        candidates.addAll(seeds);
        Promise<Void> done = Promise.promise(); // the answer comes on the asking connection's thread: back to ours
        ask(candidates, 0).onComplete(answer -> context.runOnContext(v -> {
            if (answer.succeeded()) {
                follow(answer.result());
            } else {
                LOG.debugf("no node answered CLUSTER SLOTS: %s", answer.cause().toString());
            }
            refreshing = false;
            global.review(topology.links());
            done.complete();
        }));
        return done.future();
    }

    private Future<ClusterSlots> ask(List<String> nodes, int i) {
        if (i >= nodes.size()) {
            return Future.failedFuture("no node answered");
        }
        String node = nodes.get(i);
        Promise<Response> answer = Promise.promise(); // a node that does not answer in time is passed over
        long timer = vertx.setTimer(timeoutMillis, id -> answer.tryFail("no answer from " + node));
        askSlots.apply(node).onSuccess(answer::tryComplete).onFailure(answer::tryFail)
                .onComplete(done -> vertx.cancelTimer(timer));
        return answer.future().map(reply -> ClusterSlots.parse(reply, node.substring(0, node.lastIndexOf(':'))))
                .recover(failure -> ask(nodes, i + 1));
    }

    /** Links to the new masters, channels moved to their slot's master, links to old masters closed. */
    private void follow(ClusterSlots slots) {
        Topology before = topology;
        if (!slots.complete()) { // a node that lost its cluster config (reset) knows nothing: ask again later
            LOG.debugf("ignored a slot map that leaves slots without a master");
            return;
        }
        if (slots.sameAs(before.slots()) && !shardChannels.stray(before.links())) {
            return;
        }
        Map<String, RedisLink> links = new HashMap<>();
        for (String node : slots.ids().keySet()) {
            RedisLink link = before.links().get(node);
            links.put(node, link != null ? link : opened(node));
        }
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            String was = before.slots().owner(slot);
            if (was != null && !was.equals(slots.owner(slot))) {
                settling.moved(slot);
            }
        }
        topology = new Topology(slots, Map.copyOf(links));
        if (!before.slots().sameAs(ClusterSlots.NONE)) {
            LOG.infof("Redis Cluster masters now %s", links.keySet());
        }
        shardChannels.follow(slots, before.links(), links);
        before.links().forEach((node, link) -> {
            if (!links.containsKey(node)) {
                link.stop();
            }
        });
    }

    private RedisLink opened(String node) {
        RedisLink link = newLink.apply(node);
        scripts.forEach(link::preload);
        link.onMessage((channel, payload) -> onMessage.accept(channel, payload));
        link.onMovedAway(channel -> context.runOnContext(v -> {
            shardChannels.movedAway(channel);
            refresh();
        }));
        link.onReconnect(() -> reconnectListeners.forEach(Runnable::run));
        if (started) {
            link.start();
        }
        return link;
    }
}
