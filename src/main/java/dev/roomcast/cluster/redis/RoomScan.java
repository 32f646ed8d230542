package dev.roomcast.cluster.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.roomcast.cluster.Presence.RoomCount;
import dev.roomcast.cluster.Presence.RoomPage;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Lists rooms with members by SCANning their users keys (a room with members has one), master after master on a
 * cluster (SCAN is per node). The cursor is Redis's ("&lt;cursor&gt;"), or on a cluster
 * "&lt;master&gt;.&lt;cursor&gt;" with the master's index in the masters ordered by name. A page holds what the
 * SCAN calls it took returned (at least {@code limit} unless the end came first), and a room may repeat on a later
 * page while rooms (or slots) move, as SCAN guarantees no better.
 */
final class RoomScan {

    private final RedisShards redis;
    private final Keys keys;

    RoomScan(RedisShards redis, Keys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    private record Position(int master, String cursor) {
    }

    private record Scanned(SortedSet<String> rooms, String next) {
    }

    Future<RoomPage> rooms(String prefix, String cursor, int limit, java.util.function.Function<String, Future<Long>> count) {
        List<String> masters = redis.masters().stream().sorted().toList();
        Position from = position(cursor, masters.size());
        if (from == null) {
            return Future.failedFuture(new IllegalArgumentException("cursor must be the next of the page before"));
        }
        String match = keys.usersScanPrefix() + globEscaped(prefix) + "*";
        return scan(masters, from, match, limit, new TreeSet<>(), 0).compose(found -> {
            List<String> names = new ArrayList<>(found.rooms);
            List<Future<Long>> counts = names.stream().map(count).toList();
            return Future.all(counts).map(done -> {
                List<RoomCount> page = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    if (counts.get(i).result() > 0) {
                        page.add(new RoomCount(names.get(i), counts.get(i).result()));
                    }
                }
                return new RoomPage(page, found.next);
            });
        });
    }

    /** At most 50 SCAN rounds per page, so one call stays bounded. */
    private Future<Scanned> scan(List<String> masters, Position at, String match, int limit, SortedSet<String> found,
            int rounds) {
        if (masters.isEmpty()) {
            return Future.succeededFuture(new Scanned(found, null));
        }
        Request scan = Request.cmd(Command.SCAN).arg(at.cursor).arg("MATCH").arg(match).arg("COUNT").arg(Math.max(100, limit));
        return redis.onMaster(masters.get(at.master), scan).compose(reply -> {
            String next = reply.get(0).toString();
            reply.get(1).forEach(key -> found.add(keys.roomOfUsersKey(key.toString())));
            Position after = next.equals("0") ? (at.master + 1 < masters.size() ? new Position(at.master + 1, "0") : null)
                    : new Position(at.master, next);
            if (after == null) {
                return Future.succeededFuture(new Scanned(found, null));
            }
            if (found.size() >= limit || rounds >= 49) {
                return Future.succeededFuture(new Scanned(found, text(after)));
            }
            return scan(masters, after, match, limit, found, rounds + 1);
        });
    }

    private String text(Position position) {
        return redis.sharded() ? position.master + "." + position.cursor : position.cursor;
    }

    /** Redis's SCAN cursor is an unsigned 64-bit number: anything else (Redis would answer an error) is null. */
    private Position position(String cursor, int masters) {
        if (cursor == null) {
            return new Position(0, "0");
        }
        int master = 0;
        String number = cursor;
        int dot = cursor.indexOf('.');
        if (redis.sharded() && dot > 0) {
            String index = cursor.substring(0, dot);
            if (!digits(index) || index.length() > 4 || Integer.parseInt(index) >= masters) {
                return null;
            }
            master = Integer.parseInt(index);
            number = cursor.substring(dot + 1);
        }
        if (!digits(number)) {
            return null;
        }
        try {
            return new Position(master, Long.toUnsignedString(Long.parseUnsignedLong(number)));
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    private static boolean digits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
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
}
