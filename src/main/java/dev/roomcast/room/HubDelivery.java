package dev.roomcast.room;

import java.util.Arrays;

import jakarta.inject.Singleton;

import dev.roomcast.cluster.LocalRecipients;
import dev.roomcast.cluster.UserConnections;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.session.Session;
import dev.roomcast.session.SessionRegistry;
import dev.roomcast.telemetry.RoomcastMetrics;
import dev.roomcast.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * Where every fan-out ends: writes one encoded message to the matching connections of this instance,
 * once per fan-out (one delivery span, one metric update), whichever instance published it.
 */
@Singleton
public class HubDelivery implements LocalRecipients {

    private final RoomHub hub;
    private final SessionRegistry sessions;
    private final RoomcastMetrics metrics;
    private final Tracing tracing;

    public HubDelivery(RoomHub hub, SessionRegistry sessions, RoomcastMetrics metrics, Tracing tracing) {
        this.hub = hub;
        this.sessions = sessions;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    @Override
    public void toRoom(String room, EncodedMessage message, String exceptSessionId, String exceptUser,
            Context remoteParent) {
        Span span = tracing.deliver(message, room, remoteParent);
        delivered(span, message, hub.deliver(room, message, exceptSessionId, exceptUser));
    }

    @Override
    public void toRoomInOrder(String room, EncodedMessage stamped, long offset, String epoch, Context remoteParent) {
        Span span = tracing.deliver(stamped, room, remoteParent);
        delivered(span, stamped, hub.deliverInOrder(room, stamped, offset, epoch));
    }

    @Override
    public int toUser(String user, EncodedMessage message, Context remoteParent) {
        Span span = tracing.deliver(message, null, remoteParent);
        Session[] targets = sessions.ofUser(user);
        int queued = Session.sendToEach(Arrays.asList(targets), message, null, null);
        delivered(span, message, queued);
        return targets.length;
    }

    @Override
    public boolean hasUser(String user) {
        return sessions.ofUser(user).length > 0;
    }

    @Override
    public java.util.List<UserConnections.Connection> connectionsOf(String user, String instance) {
        java.util.List<UserConnections.Connection> out = new java.util.ArrayList<>();
        for (Session session : sessions.ofUser(user)) {
            out.add(new UserConnections.Connection(instance, session.id(),
                    session.rooms().stream().sorted().toList()));
        }
        return out;
    }

    @Override
    public java.util.List<UserConnections.Connection> disconnect(String user, int code, String reason, String instance) {
        java.util.List<UserConnections.Connection> closed = connectionsOf(user, instance);
        for (Session session : sessions.ofUser(user)) {
            session.close(code, reason);
        }
        return closed;
    }

    @Override
    public void toAll(EncodedMessage message, Context remoteParent) {
        Span span = tracing.deliver(message, null, remoteParent);
        int queued = Session.sendToEach(sessions.all(), message, null, null);
        delivered(span, message, queued);
    }

    private void delivered(Span span, EncodedMessage message, int recipients) {
        metrics.sent(message.type(), message.size(), recipients);
        if (span.isRecording()) {
            span.setAttribute(Tracing.RECIPIENTS, (long) recipients);
        }
        span.end();
    }
}
