package dev.roomcast.client;

import java.lang.System.Logger.Level;

/**
 * The user's listener, with its exceptions caught and logged: one that throws must not stop a reconnect, lose
 * the rest of a batched frame, or leave a future unsettled on the client's thread.
 */
final class SafeListener implements RoomcastListener {

    private static final System.Logger LOG = System.getLogger(RoomcastClient.class.getName());

    private final RoomcastListener inner;

    SafeListener(RoomcastListener inner) {
        this.inner = inner;
    }

    private static void guarded(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a Roomcast listener threw", e);
        }
    }

    @Override
    public void onState(State state, int code, long delayMillis) {
        guarded(() -> inner.onState(state, code, delayMillis));
    }

    @Override
    public void onMessage(RoomMessage message) {
        guarded(() -> inner.onMessage(message));
    }

    @Override
    public void onPrivate(DirectMessage message) {
        guarded(() -> inner.onPrivate(message));
    }

    @Override
    public void onBroadcast(DirectMessage message) {
        guarded(() -> inner.onBroadcast(message));
    }

    @Override
    public void onPresence(Presence presence) {
        guarded(() -> inner.onPresence(presence));
    }

    @Override
    public void onResumed(String room, boolean recovered, Long missed) {
        guarded(() -> inner.onResumed(room, recovered, missed));
    }

    @Override
    public void onStreamResumed(Stream stream, boolean recovered, Long missed) {
        guarded(() -> inner.onStreamResumed(stream, recovered, missed));
    }

    @Override
    public void onReadPosition(ReadPosition position) {
        guarded(() -> inner.onReadPosition(position));
    }

    @Override
    public void onError(RoomcastException error) {
        guarded(() -> inner.onError(error));
    }
}
