package dev.roomcast.fanout;

import jakarta.inject.Singleton;

import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.room.RoomHub;
import dev.roomcast.session.Session;
import dev.roomcast.session.SessionRegistry;

/** Where every fan-out ends: writing one encoded message to the matching connections of this instance. */
@Singleton
public class LocalDelivery {

    private final RoomHub hub;
    private final SessionRegistry sessions;

    public LocalDelivery(RoomHub hub, SessionRegistry sessions) {
        this.hub = hub;
        this.sessions = sessions;
    }

    public void toRoom(String room, EncodedMessage message, String exceptSessionId) {
        hub.deliver(room, message, exceptSessionId);
    }

    /** @return how many of the user's connections here it was written to */
    public int toUser(String user, EncodedMessage message) {
        Session[] targets = sessions.ofUser(user);
        for (Session session : targets) {
            session.send(message);
        }
        return targets.length;
    }

    public void toAll(EncodedMessage message) {
        for (Session session : sessions.all()) {
            session.send(message);
        }
    }
}
