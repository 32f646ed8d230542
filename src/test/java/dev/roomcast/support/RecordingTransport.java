package dev.roomcast.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.roomcast.delivery.Transport;
import dev.roomcast.protocol.EncodedMessage;

/** Records what a session was sent, and which byte arrays, for hub tests without a network. */
public final class RecordingTransport implements Transport {

    public final List<EncodedMessage> sent = new CopyOnWriteArrayList<>();

    @Override
    public boolean send(EncodedMessage message) {
        sent.add(message);
        return true;
    }

    /** What was sent, as text. */
    public List<String> texts() {
        return sent.stream().map(m -> new String(m.utf8(), StandardCharsets.UTF_8)).toList();
    }

    @Override
    public void ping() {
    }

    /** The close code it was asked to close with, 0 while open. */
    public volatile int closedWith;

    @Override
    public void close(EncodedMessage lastWords, int code, String reason) {
        if (lastWords != null) {
            sent.add(lastWords);
        }
        closedWith = code;
    }
}
