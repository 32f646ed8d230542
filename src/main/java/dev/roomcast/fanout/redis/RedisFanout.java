package dev.roomcast.fanout.redis;

import org.jboss.logging.Logger;

import dev.roomcast.fanout.Fanout;
import dev.roomcast.fanout.LocalDelivery;
import dev.roomcast.protocol.EncodedMessage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

/**
 * Fan-out across instances through Redis pub/sub. The origin instance delivers to its own
 * connections at once and publishes one {@link Envelope} for the others; every instance ignores
 * envelopes it published itself, so nothing is delivered twice. All publishes of an instance go
 * through one connection in issue order, and each instance reads one subscriber connection,
 * so one sender's messages to a room arrive everywhere in the order sent.
 */
public final class RedisFanout implements Fanout {

    private static final Logger LOG = Logger.getLogger(RedisFanout.class);

    private final LocalDelivery local;
    private final String instanceId;
    private final Channels channels;
    private final RedisLink link;

    public RedisFanout(LocalDelivery local, String instanceId, Channels channels, RedisLink link) {
        this.local = local;
        this.instanceId = instanceId;
        this.channels = channels;
        this.link = link;
    }

    /** Subscribes to the broadcast channel; called once, before the link starts. */
    public void start() {
        link.subscribe(channels.all());
    }

    @Override
    public Future<Void> toRoom(String room, EncodedMessage message, String exceptSessionId) {
        local.toRoom(room, message, exceptSessionId);
        return link.send(publish(channels.room(room),
                new Envelope(instanceId, Envelope.Kind.ROOM, room, exceptSessionId, null, message.utf8()))).mapEmpty();
    }

    @Override
    public Future<Boolean> toUser(String user, EncodedMessage message) {
        int here = local.toUser(user, message);
        // awaited by the sender (unknown_user), hence bounded; receivers counts this instance too when the user is here
        return link.command(publish(channels.user(user), new Envelope(instanceId, Envelope.Kind.USER, user, null, null,
                message.utf8()))).map(receivers -> here > 0 || receivers.toLong() > 0);
    }

    @Override
    public Future<Void> toAll(EncodedMessage message) {
        local.toAll(message);
        return link.send(publish(channels.all(), new Envelope(instanceId, Envelope.Kind.ALL, null, null, null,
                message.utf8()))).mapEmpty();
    }

    @Override
    public Future<Void> watchRoom(String room) {
        return link.subscribe(channels.room(room));
    }

    @Override
    public void unwatchRoom(String room) {
        link.unsubscribe(channels.room(room));
    }

    @Override
    public Future<Void> watchUser(String user) {
        return link.subscribe(channels.user(user));
    }

    @Override
    public void unwatchUser(String user) {
        link.unsubscribe(channels.user(user));
    }

    @Override
    public boolean available() {
        return link.isUp();
    }

    /** A PUBLISH; Redis answers with how many subscriber connections received it. */
    private static Request publish(String channel, Envelope envelope) {
        return Request.cmd(Command.PUBLISH).arg(channel).arg(envelope.encode());
    }

    /** An envelope from the subscriber connection: deliver it here unless this instance sent it. */
    public void onMessage(String channel, Buffer raw) {
        Envelope envelope;
        try {
            envelope = Envelope.decode(raw);
        } catch (IllegalArgumentException e) {
            LOG.debugf("ignored a malformed envelope on %s: %s", channel, e.getMessage());
            return;
        }
        if (instanceId.equals(envelope.origin())) {
            return; // already delivered here by the origin
        }
        EncodedMessage message = new EncodedMessage(envelope.payload());
        switch (envelope.kind()) {
            case ROOM -> local.toRoom(envelope.target(), message, envelope.except());
            case USER -> local.toUser(envelope.target(), message);
            case ALL -> local.toAll(message);
        }
    }
}
