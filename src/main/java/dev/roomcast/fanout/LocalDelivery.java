package dev.roomcast.fanout;

import jakarta.inject.Singleton;

import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.room.RoomHub;
import dev.roomcast.session.Session;
import dev.roomcast.session.SessionRegistry;
import dev.roomcast.telemetry.RoomcastMetrics;

/** Where every fan-out ends: writing one encoded message to the matching connections of this instance. */
@Singleton
public class LocalDelivery {

    private final RoomHub hub;
    private final SessionRegistry sessions;
    private final RoomcastMetrics metrics;

    public LocalDelivery(RoomHub hub, SessionRegistry sessions, RoomcastMetrics metrics) {
        this.hub = hub;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    public void toRoom(String room, EncodedMessage message, String exceptSessionId) {
        metrics.sent(message.type(), message.size(), hub.deliver(room, message, exceptSessionId));
    }

    /** @return how many of the user's connections here there are (whether or not each could take it) */
    public int toUser(String user, EncodedMessage message) {
        Session[] targets = sessions.ofUser(user);
        int queued = 0;
        for (Session session : targets) {
            if (session.send(message)) {
                queued++;
            }
        }
        metrics.sent(message.type(), message.size(), queued);
        return targets.length;
    }

    public void toAll(EncodedMessage message) {
        int queued = 0;
        for (Session session : sessions.all()) {
            if (session.send(message)) {
                queued++;
            }
        }
        metrics.sent(message.type(), message.size(), queued);
    }
}
