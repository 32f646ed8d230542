package dev.roomcast.cluster.redis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.roomcast.cluster.LocalMembers;
import dev.roomcast.cluster.Notices;
import dev.roomcast.cluster.Presence;
import dev.roomcast.cluster.Transitions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Room membership across instances, kept in Redis by the Lua scripts of {@link PresenceScripts}: each room's
 * members in the room's slot, and beside them, per instance <em>incarnation</em>, the set of (room, user) it
 * holds. Every instance refreshes its deadline and claims incarnations past theirs, then drops what they held
 * room by room: a killed instance's members are removed within ttl + refresh, and {@code user_left} is sent for
 * each user that thereby left a room everywhere. An instance that finds itself unregistered (reaped while it was
 * stuck, or Redis lost its data) takes a new incarnation, so a reaper still dropping its old entries cannot drop
 * the new ones, re-tells its local truth under it, then drops whatever the old one still holds. After a
 * reconnect the instance re-tells its whole local state; users that changed meanwhile are announced.
 */
public final class RedisPresence implements Presence {

    private static final Logger LOG = Logger.getLogger(RedisPresence.class);

    private final RedisShards redis;
    private final Vertx vertx;
    private final LocalMembers local;
    private final Supplier<Notices> notices;
    private final RoomHolds holds;
    private final String instanceId;
    private final Keys keys;
    private final long ttlMillis;
    private final long refreshMillis;
    private final String listLimit;
    private final RoomScan scan;
    private volatile String incarnation;
    private volatile boolean registered;
    private long timerId = -1;

    /**
     * @param notices how joins and leaves it finds out itself are announced (looked up when first needed: the
     *            room layer's implementation needs the fan-out this instance builds alongside)
     * @param transitions hears the transitions this instance's scripts decide (once in the cluster each)
     * @param listLimit rooms with more members are counted, not listed
     */
    public RedisPresence(RedisShards redis, Vertx vertx, LocalMembers local, Supplier<Notices> notices,
            Transitions transitions, String instanceId, Keys keys, long ttlMillis, long refreshMillis, int listLimit) {
        this.redis = redis;
        this.vertx = vertx;
        this.local = local;
        this.notices = notices;
        this.listLimit = Integer.toString(listLimit);
        this.holds = new RoomHolds(redis, keys, transitions, this.listLimit);
        this.instanceId = instanceId;
        this.incarnation = instanceId;
        this.keys = keys;
        this.ttlMillis = ttlMillis;
        this.refreshMillis = refreshMillis;
        this.scan = new RoomScan(redis, keys);
        for (LuaScript script : PresenceScripts.ALL) {
            script.preloadOn(redis);
        }
    }

    public void start() {
        redis.onReconnect(this::resync);
        timerId = vertx.setPeriodic(refreshMillis, id -> refreshAndReap());
    }

    public void stop() {
        vertx.cancelTimer(timerId);
    }

    @Override
    public Future<Membership> add(String room, String user) {
        String held = incarnation;
        redis.send(keys.held(held), Request.cmd(Command.SADD).arg(keys.held(held)).arg(room + "\n" + user))
                .onFailure(e -> LOG.debugf("presence: not recorded as held (the next re-sync does): %s", e.toString()));
        return holds.hold(room, user, held);
    }

    /**
     * Unrecorded first, then dropped: a join right after goes out after it (SADD, HOLD) and stays recorded. Put
     * back when the drop fails (the holder may still be there, and a reaper must find it).
     */
    @Override
    public Future<Boolean> remove(String room, String user) {
        String held = incarnation;
        Request forget = Request.cmd(Command.SREM).arg(keys.held(held)).arg(room + "\n" + user);
        redis.send(keys.held(held), forget);
        return drop(held, room, user).onFailure(e -> redis.send(keys.held(held),
                Request.cmd(Command.SADD).arg(keys.held(held)).arg(room + "\n" + user)));
    }

    private Future<Boolean> drop(String held, String room, String user) {
        return holds.drop(room, user, held);
    }

    /** Everything dropped: unregistered. Some drop failed: left to expire, and another instance reaps the rest. */
    @Override
    public Future<Void> leaveAll() {
        vertx.cancelTimer(timerId); // no refresh may re-register this instance afterwards
        String held = incarnation;
        return dropAll(held).compose(dropped -> {
            if (dropped.complete()) {
                redis.send(keys.instances(), Request.cmd(Command.ZREM).arg(keys.instances()).arg(held));
            }
            return Future.join(announce(dropped.left(), true));
        }).transform(published -> notices.get().flush());
    }

    /** Who left rooms everywhere, and whether every drop went through. */
    private record Dropped(List<String[]> left, boolean complete) { }

    /**
     * Drops every entry the incarnation holds, room by room, each unrecorded once its drop went through, and the
     * set itself when all did. Idempotent: a repeat drops what is left.
     */
    private Future<Dropped> dropAll(String held) {
        String set = keys.held(held);
        return redis.command(set, Request.cmd(Command.SMEMBERS).arg(set)).compose(entries -> {
            List<String[]> pairs = new ArrayList<>();
            entries.forEach(entry -> pairs.add(Keys.heldEntry(entry.toString())));
            List<Future<Boolean>> drops = pairs.stream().map(p -> drop(held, p[0], p[1]).onSuccess(gone ->
                    redis.send(set, Request.cmd(Command.SREM).arg(set).arg(p[0] + "\n" + p[1])))).toList();
            return Future.join(drops).transform(done -> {
                List<String[]> left = new ArrayList<>();
                boolean complete = true;
                for (int i = 0; i < pairs.size(); i++) {
                    complete &= drops.get(i).succeeded();
                    if (drops.get(i).succeeded() && drops.get(i).result()) {
                        left.add(pairs.get(i));
                    }
                }
                if (complete) {
                    redis.send(set, Request.cmd(Command.DEL).arg(set));
                }
                return Future.succeededFuture(new Dropped(left, complete));
            });
        });
    }

    @Override
    public Future<Roster> roster(String room) {
        return PresenceScripts.ROSTER.run(redis, keys.users(room), listLimit)
                .map(r -> PresenceReplies.roster(r.get(0), r.get(1), r.get(2)));
    }

    @Override
    public Future<Page> page(String room, String after, int limit) {
        String members = keys.members(room);
        return redis.command(members, Request.cmd(Command.ZRANGEBYLEX).arg(members)
                .arg(after == null ? "-" : "(" + after).arg("+").arg("LIMIT").arg(0).arg(limit + 1)).map(r -> {
                    List<String> users = PresenceReplies.strings(r);
                    if (users.size() <= limit) {
                        return new Page(users, null);
                    }
                    List<String> page = users.subList(0, limit);
                    return new Page(List.copyOf(page), page.get(limit - 1));
                });
    }

    @Override
    public Future<RoomPage> rooms(String prefix, String cursor, int limit) {
        return scan.rooms(prefix, cursor, limit, this::count);
    }

    @Override
    public Future<Long> count(String room) {
        String users = keys.users(room);
        return redis.command(users, Request.cmd(Command.HLEN).arg(users)).map(Response::toLong);
    }

    private void refreshAndReap() {
        if (!redis.isUp()) {
            return;
        }
        refresh().onSuccess(added -> {
            if (added && registered) {
                missing();
            }
            registered = true;
        });
        PresenceScripts.CLAIM_DEAD.run(redis, registry(), Long.toString(ttlMillis))
                .onSuccess(dead -> dead.forEach(inc -> reap(inc.toString())))
                .onFailure(e -> LOG.debugf("presence reaping failed: %s", e.toString()));
    }

    /** Registers (or keeps registered) the current incarnation; true when it was not registered. */
    private Future<Boolean> refresh() {
        return PresenceScripts.REFRESH.run(redis, registry(), incarnation, Long.toString(ttlMillis))
                .map(r -> r.toInteger() == 1);
    }

    private String[] registry() {
        return new String[] { keys.instances(), keys.reaping() };
    }

    /** Under a lease from CLAIM_DEAD: released only when everything went; else the lease runs out and it is retried. */
    private void reap(String dead) {
        dropAll(dead).onSuccess(dropped -> {
            announce(dropped.left(), true);
            if (dropped.complete()) {
                redis.send(keys.reaping(), Request.cmd(Command.ZREM).arg(keys.reaping()).arg(dead));
            }
        }).onFailure(e -> LOG.debugf("presence: reaping %s failed, retried when its lease runs out: %s", dead, e));
    }

    /** Reaped, or Redis lost our data: a new incarnation re-tells everything, then the old one's leftovers go. */
    private void missing() {
        String old = incarnation;
        incarnation = instanceId + "#" + UUID.randomUUID().toString().substring(0, 8);
        LOG.infof("This instance's presence was missing in Redis (reaped or lost); re-telling it as %s", incarnation);
        refresh().compose(added -> sync()).onComplete(synced -> reap(old));
    }

    /** Replaces this incarnation's entries in Redis with the local truth and announces what changed. */
    private void resync() {
        refresh().compose(added -> {
            if (added && registered) {
                missing();
                return Future.succeededFuture();
            }
            registered = true;
            return sync();
        }).onFailure(e -> LOG.debugf("presence re-sync failed, the next reconnect retries: %s", e.toString()));
    }

    /** The local truth is read when Redis's answer is in, so a leave or join meanwhile is not undone by it. */
    private Future<Void> sync() {
        String held = incarnation;
        String set = keys.held(held);
        return redis.command(set, Request.cmd(Command.SMEMBERS).arg(set)).compose(entries -> {
            Set<String> want = new HashSet<>();
            for (Map.Entry<String, List<String>> room : local.snapshot().entrySet()) {
                room.getValue().forEach(user -> want.add(room.getKey() + "\n" + user));
            }
            List<Future<?>> steps = new ArrayList<>();
            List<String[]> left = new ArrayList<>();
            List<String[]> joined = new ArrayList<>();
            for (Response entry : entries) {
                if (!want.contains(entry.toString())) {
                    String[] pair = Keys.heldEntry(entry.toString());
                    steps.add(remove(pair[0], pair[1]).onSuccess(gone -> record(gone, pair, left)));
                }
            }
            for (String entry : want) {
                String[] pair = Keys.heldEntry(entry);
                steps.add(add(pair[0], pair[1]).onSuccess(m -> record(m.newMember(), pair, joined)));
            }
            return Future.join(steps).transform(done -> {
                announce(left, true);
                announce(joined, false);
                return Future.succeededFuture();
            });
        });
    }

    private static synchronized void record(boolean changed, String[] pair, List<String[]> into) {
        if (changed) {
            into.add(pair);
        }
    }

    /** Announces, for each (room, user) pair, that the user left (or joined) the room everywhere. */
    private List<Future<Void>> announce(List<String[]> pairs, boolean left) {
        List<Future<Void>> published = new ArrayList<>();
        for (String[] pair : pairs) {
            published.add(left ? notices.get().left(pair[0], pair[1], -1) : notices.get().joined(pair[0], pair[1], -1));
        }
        return published;
    }
}
