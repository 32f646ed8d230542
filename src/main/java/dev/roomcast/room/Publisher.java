package dev.roomcast.room;

import jakarta.inject.Singleton;

import dev.roomcast.cluster.HistoryWriter;
import dev.roomcast.cluster.Publishing;
import dev.roomcast.cluster.Streams;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.RawJson;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.protocol.ServerMessageEncoder;
import dev.roomcast.webhook.EventType;
import dev.roomcast.webhook.WebhookEvent;
import dev.roomcast.webhook.Webhooks;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
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
    private final boolean inboxOn;
    private final boolean broadcastsOn;
    private final Webhooks webhooks;

    Publisher(Publishing publishing, HistoryWriter history, Webhooks webhooks, RoomcastConfig config) {
        this.publishing = publishing;
        this.webhooks = webhooks;
        this.history = history;
        this.historyOn = config.history().size() > 0;
        this.inboxOn = config.inbox().size() > 0;
        this.broadcastsOn = config.broadcasts().size() > 0;
    }

    /** Private messages go through inboxes: stored for users who are not connected, resumable, with offsets. */
    public boolean inboxOn() {
        return inboxOn;
    }

    /**
     * To the room, through its history when history is on; completes with the message's offset (null with
     * history off). A repeat of the sender's message {@code id} (may be null) completes with the first offset.
     * {@code meta} (may be null) is delivered and kept with the message (the publish hook's).
     */
    public Future<Long> toRoom(String room, String from, RawJson content, String id, RawJson meta) {
        EncodedMessage message = ServerMessageEncoder.encode(
                new ServerMessage.Message(room, from, content, System.currentTimeMillis(), meta));
        Future<Long> sent = historyOn ? history.append(room, message, from, id)
                : publishing.toRoom(room, message, null).map(none -> null);
        if (!webhooks.on(EventType.MESSAGE_PUBLISHED)) {
            return sent;
        }
        Context cause = Context.current();
        return sent.onSuccess(offset -> published(cause, room, from, content, meta, offset));
    }

    /** For the webhook: sent once by the instance that published it (a repeated id reports the first offset again). */
    private void published(Context cause, String room, String from, RawJson content, RawJson meta, Long offset) {
        try (Scope scope = cause.makeCurrent()) {
            webhooks.emit(WebhookEvent.message(room, from, offset, content, meta));
        }
    }

    /**
     * Into the user's inbox (see {@link #inboxOn}) and to every connection of the user; completes with the offset in
     * the inbox. A repeat of the sender's {@code id} (may be null) completes with the first offset.
     */
    public Future<Long> toInbox(String user, String from, RawJson content, String id) {
        return history.append(Streams.inbox(user), ServerMessageEncoder.encode(
                new ServerMessage.Private(from, content, System.currentTimeMillis())), from, id);
    }

    /** Without inboxes: completes with whether the user has a connection anywhere. */
    public Future<Boolean> toUser(String user, String from, RawJson content) {
        return publishing.toUser(user, ServerMessageEncoder.encode(
                new ServerMessage.Private(from, content, System.currentTimeMillis())));
    }

    /** To every connection, through the broadcast stream when it is on; completes with the offset (null when off). */
    public Future<Long> toAll(String from, RawJson content, String id) {
        EncodedMessage message = ServerMessageEncoder.encode(new ServerMessage.Broadcast(from, content, System.currentTimeMillis()));
        return broadcastsOn ? history.append(Streams.BROADCASTS, message, from, id)
                : publishing.toAll(message).map(sent -> null);
    }

    /**
     * A frame for every connection of the user on every instance (read positions), but the connection
     * {@code exceptSessionId} (may be null; only heeded with the inbox on, see {@link #inboxOn}).
     */
    public Future<Void> toUserConnections(String user, EncodedMessage message, String exceptSessionId) {
        return inboxOn ? publishing.toRoom(Streams.inbox(user), message, exceptSessionId)
                : publishing.toUser(user, message).mapEmpty();
    }
}
