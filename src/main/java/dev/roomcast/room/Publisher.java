package dev.roomcast.room;

import jakarta.inject.Singleton;

import dev.roomcast.cluster.HistoryWriter;
import dev.roomcast.cluster.Publishing;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.RawJson;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.protocol.ServerMessageEncoder;
import io.vertx.core.Future;

/**
 * Publishes a message, encoded once, to a room, a user or everyone, on every instance. The caller
 * has checked that the sender may; the returned future fails with {@code FanoutUnavailableException}
 * when other instances could not be reached (this instance's connections were still served).
 */
@Singleton
public class Publisher {

    private final Publishing publishing;
    private final HistoryWriter history;
    private final boolean historyOn;

    Publisher(Publishing publishing, HistoryWriter history, RoomcastConfig config) {
        this.publishing = publishing;
        this.history = history;
        this.historyOn = config.history().size() > 0;
    }

    /**
     * To the room, through its history when history is on; completes with the message's offset (null with
     * history off). A repeat of the sender's message {@code id} (may be null) completes with the first offset.
     */
    public Future<Long> toRoom(String room, String from, RawJson content, String id) {
        EncodedMessage message = ServerMessageEncoder.encode(
                new ServerMessage.Message(room, from, content, System.currentTimeMillis()));
        return historyOn ? history.append(room, message, from, id)
                : publishing.toRoom(room, message, null).map(sent -> null);
    }

    /** Completes with whether the user has a connection anywhere. */
    public Future<Boolean> toUser(String user, String from, RawJson content) {
        return publishing.toUser(user, ServerMessageEncoder.encode(
                new ServerMessage.Private(from, content, System.currentTimeMillis())));
    }

    public Future<Void> toAll(String from, RawJson content) {
        return publishing.toAll(ServerMessageEncoder.encode(new ServerMessage.Broadcast(from, content, System.currentTimeMillis())));
    }
}
