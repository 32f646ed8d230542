package dev.roomcast.cluster;

import io.vertx.core.Future;

/** Reads each name's history where its kind keeps it (rooms, inboxes and broadcasts have their own limits). */
public final class RoutedHistory implements History {

    private final ByKind<? extends History> histories;

    public RoutedHistory(ByKind<? extends History> histories) {
        this.histories = histories;
    }

    @Override
    public Future<Replay> read(String room, long after) {
        return histories.of(room).read(room, after);
    }
}
