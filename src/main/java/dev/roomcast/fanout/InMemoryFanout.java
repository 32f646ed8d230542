package dev.roomcast.fanout;

import jakarta.inject.Singleton;

import dev.roomcast.protocol.EncodedMessage;

/** Single-instance fan-out: every message is for this instance, delivered at once. The default. */
@Singleton
public class InMemoryFanout implements Fanout {

    private final LocalDelivery local;

    InMemoryFanout(LocalDelivery local) {
        this.local = local;
    }

    @Override
    public void toRoom(String room, EncodedMessage message, String exceptSessionId) {
        local.toRoom(room, message, exceptSessionId);
    }

    @Override
    public void toUser(String user, EncodedMessage message) {
        local.toUser(user, message);
    }

    @Override
    public void toAll(EncodedMessage message) {
        local.toAll(message);
    }
}
