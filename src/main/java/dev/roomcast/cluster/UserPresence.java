package dev.roomcast.cluster;

import io.vertx.core.Future;

/**
 * Whether a user is online anywhere in the cluster, kept only while someone listens ({@link PresenceEvents#users}):
 * a user's first connection on this instance and its last are reported here, in the order they happened, and the
 * cluster-wide first and last are heard as {@link Transitions} (user_online, user_offline).
 */
public interface UserPresence {

    void connected(String user);

    void disconnected(String user);

    /** This instance is going away: its users are offline unless connected elsewhere; completes when told. */
    Future<Void> leaveAll();

    UserPresence OFF = new UserPresence() {
        @Override
        public void connected(String user) {
        }

        @Override
        public void disconnected(String user) {
        }

        @Override
        public Future<Void> leaveAll() {
            return Future.succeededFuture();
        }
    };
}
