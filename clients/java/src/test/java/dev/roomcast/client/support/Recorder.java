package dev.roomcast.client.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.roomcast.client.RoomcastException;
import dev.roomcast.client.RoomcastListener;

/** Everything a client's listener heard, thread-safe for a test to read while the client's thread adds to it. */
public final class Recorder implements RoomcastListener {

    /** A stream's resume as {@link #onStreamResumed} reported it. */
    public record StreamResumed(Stream stream, boolean recovered, Long missed) {
    }

    public final List<RoomMessage> messages = new CopyOnWriteArrayList<>();
    public final List<DirectMessage> privates = new CopyOnWriteArrayList<>();
    public final List<DirectMessage> broadcasts = new CopyOnWriteArrayList<>();
    public final List<Presence> presence = new CopyOnWriteArrayList<>();
    public final List<Boolean> resumed = new CopyOnWriteArrayList<>();
    public final List<StreamResumed> streamsResumed = new CopyOnWriteArrayList<>();
    public final List<ReadPosition> reads = new CopyOnWriteArrayList<>();
    public final List<int[]> states = new CopyOnWriteArrayList<>();
    public final List<RoomcastException> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onError(RoomcastException error) {
        errors.add(error);
    }

    @Override
    public void onState(State state, int code, long delayMillis) {
        states.add(new int[] { state.ordinal(), code });
    }

    @Override
    public void onMessage(RoomMessage message) {
        messages.add(message);
    }

    @Override
    public void onPrivate(DirectMessage message) {
        privates.add(message);
    }

    @Override
    public void onBroadcast(DirectMessage message) {
        broadcasts.add(message);
    }

    @Override
    public void onPresence(Presence p) {
        presence.add(p);
    }

    @Override
    public void onResumed(String room, boolean recovered, Long missed) {
        resumed.add(recovered);
    }

    @Override
    public void onStreamResumed(Stream stream, boolean recovered, Long missed) {
        streamsResumed.add(new StreamResumed(stream, recovered, missed));
    }

    @Override
    public void onReadPosition(ReadPosition position) {
        reads.add(position);
    }

    /** The {@code n} of room messages whose content is {@code {"n": …}}, in arrival order. */
    public List<Integer> numbers() {
        return messages.stream().map(m -> m.content().path("n").asInt()).toList();
    }

    /** Likewise for private messages. */
    public List<Integer> privateNumbers() {
        return privates.stream().map(m -> m.content().path("n").asInt()).toList();
    }

    public List<Integer> reconnectCodes() {
        return states.stream().filter(s -> s[0] == State.RECONNECTING.ordinal()).map(s -> s[1]).toList();
    }
}
