package dev.roomcast.cluster.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The masters of a Redis Cluster, one {@link RedisLink} each (its own canary, so each master's health is seen
 * on its own), and the slot map that sends each command and shard channel to its slot's master. The map comes
 * from {@code CLUSTER SLOTS}, asked of a live master or a seed node every reconnect interval and at once when a
 * master answers MOVED or unsubscribes a shard channel by itself (its slot moved); ASK is followed for one
 * command. When a slot changes master its channels are subscribed on the new one; links to nodes that are no
 * longer masters are closed. A failed master fails only the commands for its slots (fast, as unavailable)
 * until its replica takes over. Global channels live on one healthy link, moved when it fails.
 * Topology and subscriptions change on one context; routing reads an immutable snapshot from any thread.
 */
public final class ClusterRedis implements RedisShards {

    private static final Logger LOG = Logger.getLogger(ClusterRedis.class);

    /** The slot map and a link per master in it; replaced whole. */
    private record Topology(ClusterSlots slots, Map<String, RedisLink> links) {
    }

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
    private final Map<String, String> shardChannels = new HashMap<>(); // channel → the master it is subscribed on
    private final Set<String> globalChannels = new LinkedHashSet<>();
    private String globalNode;
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
    }

    @Override
    public boolean sharded() {
        return true;
    }

    @Override
    public Future<Response> command(String key, Request request) {
        return route(Slots.of(key), request, true);
    }

    @Override
    public Future<Response> send(String key, Request request) {
        return route(Slots.of(key), request, false);
    }

    private Future<Response> route(int slot, Request request, boolean bounded) {
        RedisLink link = linkOf(topology.slots().owner(slot));
        if (link == null) {
            refreshSoon();
            return Future.failedFuture(FanoutUnavailableException.INSTANCE);
        }
        return call(link, request, bounded).recover(failure -> redirected(failure, request, bounded));
    }

    private static Future<Response> call(RedisLink link, Request request, boolean bounded) {
        return bounded ? link.command(request) : link.send(request);
    }

    /** MOVED: the slot has a new master (ask for the map again, send it there); ASK: this command only, there. */
    private Future<Response> redirected(Throwable failure, Request request, boolean bounded) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        boolean moved = message.startsWith("MOVED ");
        if (!moved && !message.startsWith("ASK ")) {
            return Future.failedFuture(failure);
        }
        refreshSoon();
        String[] parts = message.split(" ");
        RedisLink target = parts.length > 2 ? linkOf(parts[2]) : null;
        if (target == null) {
            return Future.failedFuture(FanoutUnavailableException.INSTANCE);
        }
        if (!moved) {
            target.send(Request.cmd(Command.ASKING)); // the same connection, just ahead of the command
        }
        return call(target, request, bounded);
    }

    private RedisLink linkOf(String node) {
        return node == null ? null : topology.links().get(node);
    }

    @Override
    public Future<Response> global(Request request) {
        RedisLink link = linkOf(globalNode);
        return link == null ? Future.failedFuture(FanoutUnavailableException.INSTANCE) : link.command(request);
    }

    @Override
    public Future<Response> sendGlobal(Request request) {
        RedisLink link = linkOf(globalNode);
        return link == null ? Future.failedFuture(FanoutUnavailableException.INSTANCE) : link.send(request);
    }

    @Override
    public Future<Void> subscribe(String channel) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            String owner = topology.slots().owner(Slots.of(channel));
            shardChannels.put(channel, owner);
            RedisLink link = linkOf(owner);
            if (link == null) { // subscribed once the map has its master
                refreshSoon();
                done.fail(FanoutUnavailableException.INSTANCE);
            } else {
                link.subscribe(channel, true).onComplete(done);
            }
        });
        return done.future();
    }

    @Override
    public void unsubscribe(String channel) {
        context.runOnContext(v -> {
            RedisLink link = linkOf(shardChannels.remove(channel));
            if (link != null) {
                link.unsubscribe(channel);
            }
        });
    }

    @Override
    public Future<Void> subscribeGlobal(String channel) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            globalChannels.add(channel);
            RedisLink link = linkOf(globalNode);
            if (link == null) {
                done.fail(FanoutUnavailableException.INSTANCE);
            } else {
                link.subscribe(channel).onComplete(done);
            }
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
        RedisLink link = linkOf(globalNode);
        return link != null && link.healthy();
    }

    @Override
    public long roundTripMillis() {
        RedisLink link = linkOf(globalNode);
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

    /** The master links, by node (for per-shard health). */
    public Map<String, RedisLink> links() {
        return topology.links();
    }

    @Override
    public Future<Void> start() {
        Promise<Void> first = Promise.promise();
        context.runOnContext(v -> {
            refresh().onComplete(done -> {
                started = true;
                List<Future<Void>> attempts = new ArrayList<>();
                topology.links().values().forEach(link -> attempts.add(link.start()));
                Future.join(attempts).onComplete(all -> first.tryComplete());
            });
            timerId = vertx.setPeriodic(refreshMillis, id -> refresh());
        });
        return first.future();
    }

    @Override
    public void stop() {
        context.runOnContext(v -> {
            vertx.cancelTimer(timerId);
            topology.links().values().forEach(RedisLink::stop);
            topology = new Topology(ClusterSlots.NONE, Map.of());
        });
    }

    private void refreshSoon() {
        context.runOnContext(v -> refresh());
    }

    /** Asks a master we know (else a seed) for the slot map, and follows it. One at a time. */
    private Future<Void> refresh() {
        if (refreshing) {
            return Future.succeededFuture();
        }
        refreshing = true;
        List<String> candidates = new ArrayList<>();
        topology.links().forEach((node, link) -> {
            if (link.isUp()) {
                candidates.add(node);
            }
        });
        candidates.addAll(seeds);
        return ask(candidates, 0).onSuccess(this::follow).<Void>mapEmpty().recover(failure -> {
            LOG.debugf("no node answered CLUSTER SLOTS: %s", failure.toString());
            return Future.succeededFuture();
        }).onComplete(done -> {
            refreshing = false;
            reviewGlobal();
        });
    }

    private Future<ClusterSlots> ask(List<String> nodes, int i) {
        if (i >= nodes.size()) {
            return Future.failedFuture("no node answered");
        }
        String node = nodes.get(i);
        return askSlots.apply(node).map(reply -> ClusterSlots.parse(reply, node.substring(0, node.lastIndexOf(':'))))
                .recover(failure -> ask(nodes, i + 1));
    }

    /** Links to the new masters, channels moved to their slot's master, links to old masters closed. */
    private void follow(ClusterSlots slots) {
        Topology before = topology;
        if (slots.sameAs(before.slots()) && shardChannels.values().stream().allMatch(before.links()::containsKey)) {
            return;
        }
        Map<String, RedisLink> links = new HashMap<>();
        for (String node : slots.ids().keySet()) {
            RedisLink link = before.links().get(node);
            links.put(node, link != null ? link : opened(node));
        }
        topology = new Topology(slots, Map.copyOf(links));
        if (!before.slots().sameAs(ClusterSlots.NONE)) {
            LOG.infof("Redis Cluster masters now %s", links.keySet());
        }
        shardChannels.replaceAll((channel, was) -> {
            String owner = slots.owner(Slots.of(channel));
            if (owner != null && !owner.equals(was)) {
                RedisLink old = before.links().get(was);
                if (old != null) {
                    old.unsubscribe(channel);
                }
                links.get(owner).subscribe(channel, true);
            }
            return owner;
        });
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
            shardChannels.computeIfPresent(channel, (c, was) -> "moved");
            refresh();
        }));
        link.onReconnect(() -> reconnectListeners.forEach(Runnable::run));
        if (started) {
            link.start();
        }
        return link;
    }

    /** Global channels stay on a healthy link; when theirs fails they move to one that is. */
    private void reviewGlobal() {
        RedisLink current = linkOf(globalNode);
        if (current != null && (current.healthy() || noneHealthy())) {
            return;
        }
        String next = topology.links().entrySet().stream().filter(e -> e.getValue().healthy()).map(Map.Entry::getKey)
                .findFirst().orElse(topology.links().keySet().stream().findFirst().orElse(null));
        if (next == null || next.equals(globalNode)) {
            return;
        }
        if (globalNode != null) {
            LOG.infof("Broadcasts and replies now go through %s", next);
        }
        if (current != null) {
            globalChannels.forEach(current::unsubscribe);
        }
        globalNode = next;
        RedisLink link = linkOf(next);
        globalChannels.forEach(link::subscribe);
    }

    private boolean noneHealthy() {
        return topology.links().values().stream().noneMatch(RedisLink::healthy);
    }
}
