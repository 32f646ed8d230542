package dev.roomcast.room;

import java.util.Set;

import jakarta.inject.Singleton;

import dev.roomcast.cluster.LocalUsers;
import dev.roomcast.session.SessionRegistry;

/** This instance's connected users, for the cluster's user presence to re-tell after Redis lost it. */
@Singleton
public class ConnectedUsers implements LocalUsers {

    private final SessionRegistry sessions;

    ConnectedUsers(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public Set<String> connected() {
        return sessions.connected();
    }
}
