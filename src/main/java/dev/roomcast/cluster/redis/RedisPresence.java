package dev.roomcast.cluster.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.roomcast.cluster.LocalMembers;
import dev.roomcast.cluster.Notices;
import dev.roomcast.cluster.Presence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Room membership across instances, kept in Redis by the Lua scripts of {@link PresenceScripts}
 * (each one atomic, run by SHA). Every instance refreshes its deadline and reaps instances past
 * theirs: a killed instance's members are removed within ttl + refresh, and {@code user_left} is sent
 * for each user that thereby left a room everywhere. After Redis comes back (or an instance finds it
 * was reaped) the instance re-tells its whole local state; users that changed meanwhile are announced.
 */
public final class RedisPresence implements Presence {

    private static final Logger LOG = Logger.getLogger(RedisPresence.class);

    private final RedisLink link;
    private final Vertx vertx;
    private final LocalMembers local;
    private final Supplier<Notices> notices;
    private final String instanceId;
    private final String keyPrefix;
    private final String instancesKey;
    private final long ttlMillis;
    private final long refreshMillis;
    private final String listLimit;
    private long timerId = -1;

    /**
     * @param notices how joins and leaves it finds out itself are announced (looked up when first needed: the
     *            room layer's implementation needs the fan-out this instance builds alongside)
     * @param listLimit rooms with more members are counted, not listed
     */
    public RedisPresence(RedisLink link, Vertx vertx, LocalMembers local, Supplier<Notices> notices, String instanceId,
            String prefix, long ttlMillis, long refreshMillis, int listLimit) {
        this.link = link;
        this.vertx = vertx;
        this.local = local;
        this.notices = notices;
        this.listLimit = Integer.toString(listLimit);
        this.instanceId = instanceId;
        this.keyPrefix = "{" + prefix + "}"; // one hash slot for every key, so the scripts also run on Redis Cluster
        this.instancesKey = keyPrefix + ":instances";
        this.ttlMillis = ttlMillis;
        this.refreshMillis = refreshMillis;
        for (LuaScript script : PresenceScripts.ALL) {
            script.preloadOn(link);
        }
    }

    public void start() {
        link.onReconnect(this::resync);
        timerId = vertx.setPeriodic(refreshMillis, id -> refreshAndReap());
    }

    public void stop() {
        vertx.cancelTimer(timerId);
    }

    @Override
    public Future<Membership> add(String room, String user) {
        return eval(PresenceScripts.ADD, instanceId, Long.toString(ttlMillis), room, user, listLimit).map(r -> {
            if (r.get(4).toInteger() == 1) {
                missing(); // this join registered the instance again: the refresh can no longer see the loss
            }
            return new Membership(r.get(0).toInteger() == 1, roster(r.get(1), r.get(2), r.get(3)));
        });
    }

    @Override
    public Future<Boolean> remove(String room, String user) {
        return eval(PresenceScripts.REMOVE, instanceId, room, user).map(r -> r.toInteger() == 1);
    }

    @Override
    public Future<Void> leaveAll() {
        vertx.cancelTimer(timerId); // no refresh may re-register this instance afterwards
        return eval(PresenceScripts.LEAVE, instanceId)
                .compose(left -> Future.join(announce(left, true)).transform(published -> notices.get().flush()));
    }

    @Override
    public Future<Roster> roster(String room) {
        return eval(PresenceScripts.ROSTER, room, listLimit).map(r -> roster(r.get(0), r.get(1), r.get(2)));
    }

    @Override
    public Future<Page> page(String room, String after, int limit) {
        return link.command(Request.cmd(Command.ZRANGEBYLEX).arg(keyPrefix + ":members:" + room)
                .arg(after == null ? "-" : "(" + after).arg("+").arg("LIMIT").arg(0).arg(limit + 1)).map(r -> {
                    List<String> users = strings(r);
                    if (users.size() <= limit) {
                        return new Page(users, null);
                    }
                    List<String> page = users.subList(0, limit);
                    return new Page(List.copyOf(page), page.get(limit - 1));
                });
    }

    /**
     * SCANs the rooms' user hashes (a room with members has one): the cursor is Redis's, a page holds what the
     * SCAN calls it took returned (at least {@code limit} unless the end came first), and a room may repeat on a
     * later page while rooms come and go, as SCAN guarantees no better.
     */
    @Override
    public Future<RoomPage> rooms(String prefix, String cursor, int limit) {
        String start = scanCursor(cursor);
        if (start == null) {
            return Future.failedFuture(new IllegalArgumentException("cursor must be the next of the page before"));
        }
        String keys = keyPrefix + ":users:";
        return scan(start, keys + globEscaped(prefix) + "*", limit, new java.util.TreeSet<>(), 0)
                .compose(found -> {
                    List<String> names = new java.util.ArrayList<>();
                    found.names.forEach(key -> names.add(key.substring(keys.length())));
                    List<Future<Long>> counts = names.stream().map(this::count).toList();
                    return Future.all(counts).map(done -> {
                        List<RoomCount> page = new java.util.ArrayList<>();
                        for (int i = 0; i < names.size(); i++) {
                            if (counts.get(i).result() > 0) {
                                page.add(new RoomCount(names.get(i), counts.get(i).result()));
                            }
                        }
                        return new RoomPage(page, found.next);
                    });
                });
    }

    /** Redis's SCAN cursor is an unsigned 64-bit number: anything else (Redis would answer an error) is null. */
    private static String scanCursor(String cursor) {
        if (cursor == null) {
            return "0";
        }
        if (!cursor.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        try {
            return Long.toUnsignedString(Long.parseUnsignedLong(cursor));
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    private record Scanned(java.util.SortedSet<String> names, String next) {
    }

    /** SCAN rounds until {@code limit} keys or the end; at most 50 rounds per page, so one call stays bounded. */
    private Future<Scanned> scan(String cursor, String match, int limit, java.util.SortedSet<String> found, int rounds) {
        return link.command(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(match).arg("COUNT").arg(Math.max(100, limit)))
                .compose(reply -> {
                    String next = reply.get(0).toString();
                    reply.get(1).forEach(key -> found.add(key.toString()));
                    if (next.equals("0")) {
                        return Future.succeededFuture(new Scanned(found, null));
                    }
                    if (found.size() >= limit || rounds >= 49) {
                        return Future.succeededFuture(new Scanned(found, next));
                    }
                    return scan(next, match, limit, found, rounds + 1);
                });
    }

    /** A room prefix as a literal in a SCAN pattern. */
    private static String globEscaped(String prefix) {
        StringBuilder out = new StringBuilder(prefix.length());
        for (char c : prefix.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    @Override
    public Future<Long> count(String room) {
        return link.command(Request.cmd(Command.HLEN).arg(keyPrefix + ":users:" + room)).map(Response::toLong);
    }

    private static Roster roster(Response count, Response listed, Response members) {
        return new Roster(count.toLong(), listed.toInteger() == 1 ? strings(members) : null);
    }

    private void refreshAndReap() {
        if (!link.isUp()) {
            return;
        }
        eval(PresenceScripts.REFRESH, instanceId, Long.toString(ttlMillis)).onSuccess(added -> {
            if (added.toInteger() == 1) {
                missing();
            }
        });
        eval(PresenceScripts.REAP).onSuccess(left -> announce(left, true))
                .onFailure(e -> LOG.debugf("presence reaping failed: %s", e.toString()));
    }

    private void missing() {
        LOG.info("This instance's presence was missing in Redis (reaped or lost); re-telling it");
        resync();
    }

    /** Replaces this instance's entries in Redis with the local truth and announces what changed. */
    private void resync() {
        List<String> args = new ArrayList<>();
        args.add(instanceId);
        args.add(Long.toString(ttlMillis));
        for (Map.Entry<String, List<String>> room : local.snapshot().entrySet()) {
            for (String user : room.getValue()) {
                args.add(room.getKey() + "\n" + user);
            }
        }
        eval(PresenceScripts.SYNC, args.toArray(String[]::new)).onSuccess(changes -> {
            announce(changes.get(0), true);
            announce(changes.get(1), false);
        }).onFailure(e -> LOG.debugf("presence re-sync failed, the next reconnect retries: %s", e.toString()));
    }

    /** Announces, for each (room, user) pair, that the user left (or joined) the room everywhere. */
    private List<Future<Void>> announce(Response pairs, boolean left) {
        List<Future<Void>> published = new ArrayList<>();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            String room = pairs.get(i).toString();
            String user = pairs.get(i + 1).toString();
            published.add(left ? notices.get().left(room, user, -1) : notices.get().joined(room, user, -1));
        }
        return published;
    }

    private Future<Response> eval(LuaScript script, String... args) {
        String[] withPrefix = new String[args.length + 1];
        withPrefix[0] = keyPrefix;
        System.arraycopy(args, 0, withPrefix, 1, args.length);
        return script.run(link, instancesKey, withPrefix);
    }

    private static List<String> strings(Response array) {
        List<String> out = new ArrayList<>(array == null ? 0 : array.size());
        if (array != null) {
            for (Response item : array) {
                out.add(item.toString());
            }
        }
        return out;
    }
}
