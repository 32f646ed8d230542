package dev.roomcast.cluster.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import dev.roomcast.cluster.LocalRecipients;
import dev.roomcast.cluster.UserConnections;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Asks every instance about one user's connections, or to close them, over the user's own channel: only
 * instances with a connection of the user subscribe to it, and PUBLISH says how many they are, so the asker
 * knows how many answers to wait for. Answers come back on the asker's reply channel.
 *
 * <pre>request (on &lt;p&gt;:user:{u:&lt;user&gt;}): {"c":"who"|"kick","id":"&lt;request&gt;","o":"&lt;asker&gt;","u":"&lt;user&gt;","code":4004,"reason":"…"}
 * answer (on &lt;p&gt;:reply:&lt;asker&gt;):  {"id":"&lt;request&gt;","i":"&lt;instance&gt;","connections":[{"id":"…","rooms":["…"]}]}</pre>
 *
 * A request is not an {@link Envelope} (it starts with {@code {"c":}), so an instance from before this ignores it
 * as malformed and is simply not counted among the answers it gives.
 */
final class UserControl {

    private static final Logger LOG = Logger.getLogger(UserControl.class);
    private static final byte[] MARK = "{\"c\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final RedisShards redis;
    private final Keys channels;
    private final String instanceId;
    private final String replies;
    private final LocalRecipients local;
    private final Vertx vertx;
    private final long timeoutMillis;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Asking> asking = new ConcurrentHashMap<>();

    /** One request in flight: the answers so far, and how many to expect once PUBLISH has said. */
    private static final class Asking {
        final Promise<UserConnections> result = Promise.promise();
        final List<UserConnections.Connection> connections = new ArrayList<>();
        int answers;
        int expected = -1;
        long timer;
    }

    UserControl(RedisShards redis, Keys channels, String instanceId, LocalRecipients local, Vertx vertx, long timeoutMillis) {
        this.redis = redis;
        this.channels = channels;
        this.instanceId = instanceId;
        this.replies = channels.reply(instanceId);
        this.local = local;
        this.vertx = vertx;
        this.timeoutMillis = timeoutMillis;
    }

    void start() {
        redis.subscribeGlobal(replies);
    }

    static boolean isRequest(Buffer raw) {
        if (raw.length() < MARK.length) {
            return false;
        }
        for (int i = 0; i < MARK.length; i++) {
            if (raw.getByte(i) != MARK[i]) {
                return false;
            }
        }
        return true;
    }

    boolean isReply(String channel) {
        return channel.equals(replies);
    }

    /** The user's connections here and on every instance that answers in time. */
    Future<UserConnections> ask(String user, String what, int code, String reason) {
        List<UserConnections.Connection> here = local.connectionsOf(user, instanceId);
        String id = instanceId + "-" + ids.incrementAndGet();
        Asking pending = new Asking();
        pending.connections.addAll(here);
        asking.put(id, pending);
        JsonObject request = new JsonObject().put("c", what).put("id", id).put("o", instanceId).put("u", user)
                .put("code", code).put("reason", reason);
        pending.timer = vertx.setTimer(timeoutMillis, t -> finish(id, false));
        redis.command(channels.user(user), redis.publish(channels.user(user), request.toBuffer())).onComplete(sent -> {
            if (what.equals("kick")) {
                local.disconnect(user, code, reason, instanceId); // after the PUBLISH, whatever came of it
            }
            if (sent.failed()) { // the others cannot be asked: this instance's part, marked incomplete
                finish(id, false);
                return;
            }
            synchronized (pending) {
                // every subscriber answers, this instance too when it is one (its echo counts, with no connections:
                // those here were taken above), so a subscription still coming or going cannot skew the count
                pending.expected = sent.result().toInteger();
            }
            settleIfDone(id, pending);
        });
        return pending.result.future();
    }

    /** A request from another instance (on a user channel), or an answer (on this instance's reply channel). */
    void onMessage(String channel, Buffer raw) {
        JsonObject message;
        try {
            message = raw.toJsonObject();
        } catch (RuntimeException e) {
            LOG.debugf("ignored an unreadable control message on %s", channel);
            return;
        }
        if (isReply(channel)) {
            answered(message);
        } else if (instanceId.equals(message.getString("o"))) {
            answered(new JsonObject().put("id", message.getString("id")).put("i", instanceId)); // our own echo
        } else {
            answer(message);
        }
    }

    private void answer(JsonObject request) {
        String user = request.getString("u");
        List<UserConnections.Connection> mine = "kick".equals(request.getString("c"))
                ? local.disconnect(user, request.getInteger("code", 4004), request.getString("reason", ""), instanceId)
                : local.connectionsOf(user, instanceId);
        JsonArray connections = new JsonArray();
        mine.forEach(c -> connections.add(new JsonObject().put("id", c.id()).put("rooms", new JsonArray(c.rooms()))));
        JsonObject reply = new JsonObject().put("id", request.getString("id")).put("i", instanceId).put("connections", connections);
        redis.publishGlobal(channels.reply(request.getString("o")), reply.toBuffer());
    }

    private void answered(JsonObject reply) {
        String id = reply.getString("id");
        Asking pending = asking.get(id);
        if (pending == null) {
            return; // after its timeout
        }
        String instance = reply.getString("i");
        synchronized (pending) {
            for (Object o : reply.getJsonArray("connections", new JsonArray())) {
                JsonObject c = (JsonObject) o;
                List<String> rooms = new ArrayList<>();
                c.getJsonArray("rooms", new JsonArray()).forEach(r -> rooms.add(String.valueOf(r)));
                pending.connections.add(new UserConnections.Connection(instance, c.getString("id"), rooms));
            }
            pending.answers++;
        }
        settleIfDone(id, pending);
    }

    private void settleIfDone(String id, Asking pending) {
        boolean done;
        synchronized (pending) {
            done = pending.expected >= 0 && pending.answers >= pending.expected;
        }
        if (done) {
            finish(id, true);
        }
    }

    private void finish(String id, boolean complete) {
        Asking pending = asking.remove(id);
        if (pending == null) {
            return;
        }
        vertx.cancelTimer(pending.timer);
        synchronized (pending) {
            pending.result.tryComplete(new UserConnections(List.copyOf(pending.connections), complete));
        }
    }
}
