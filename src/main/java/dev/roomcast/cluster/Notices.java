package dev.roomcast.cluster;

import io.vertx.core.Future;

/**
 * Tells a room's members that a user joined or left it everywhere. The room layer decides how: one notice
 * each in small rooms, coalesced diffs in big ones, nothing in quiet rooms. Presence reports through it,
 * for this instance's joins and leaves and for what it finds out itself (reaped instances, re-syncs).
 */
public interface Notices {

    /**
     * @param count the room's members after it, or -1 when unknown
     * @return completes when the notice is published, or at once when it waits to go out with others
     */
    Future<Void> joined(String room, String user, long count);

    /** Like {@link #joined}, for a user that left the room everywhere. */
    Future<Void> left(String room, String user, long count);

    /** Sends what waits to go out with others now; completes when published. */
    Future<Void> flush();

    /** Tells nobody: for presence whose members have no one to hear of them (users online, tests). */
    Notices SILENT = new Notices() {
        @Override
        public Future<Void> joined(String room, String user, long count) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> left(String room, String user, long count) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> flush() {
            return Future.succeededFuture();
        }
    };
}
