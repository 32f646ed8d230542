package dev.roomcast.fanout;

import java.util.Arrays;

import jakarta.inject.Singleton;

import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.room.RoomHub;
import dev.roomcast.session.Session;
import dev.roomcast.session.SessionRegistry;
import dev.roomcast.telemetry.RoomcastMetrics;
import dev.roomcast.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/** Where every fan-out ends: writing one encoded message to the matching connections of this instance. */
@Singleton
public class LocalDelivery {

    private final RoomHub hub;
    private final SessionRegistry sessions;
    private final RoomcastMetrics metrics;
    private final Tracing tracing;

    public LocalDelivery(RoomHub hub, SessionRegistry sessions, RoomcastMetrics metrics, Tracing tracing) {
        this.hub = hub;
        this.sessions = sessions;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /** @param remoteParent for a message from another instance, the trace context it came with; else null */
    public void toRoom(String room, EncodedMessage message, String exceptSessionId, Context remoteParent) {
        Span span = tracing.deliver(message, room, remoteParent);
        delivered(span, message, hub.deliver(room, message, exceptSessionId));
    }

    /** @return how many of the user's connections here there are (whether or not each could take it) */
    public int toUser(String user, EncodedMessage message, Context remoteParent) {
        Span span = tracing.deliver(message, null, remoteParent);
        Session[] targets = sessions.ofUser(user);
        int queued = Session.sendToEach(Arrays.asList(targets), message, null);
        delivered(span, message, queued);
        return targets.length;
    }

    public void toAll(EncodedMessage message, Context remoteParent) {
        Span span = tracing.deliver(message, null, remoteParent);
        int queued = Session.sendToEach(sessions.all(), message, null);
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
