package dev.roomcast.cluster.memory;

import dev.roomcast.cluster.ByKind;
import dev.roomcast.cluster.HistoryWriter;
import dev.roomcast.cluster.LinkHealth;
import dev.roomcast.cluster.LocalRecipients;
import dev.roomcast.cluster.Publishing;
import dev.roomcast.cluster.UserConnections;
import dev.roomcast.cluster.UserDirectory;
import dev.roomcast.cluster.Watching;
import dev.roomcast.protocol.EncodedMessage;
import io.vertx.core.Future;

/** Single-instance fan-out: every recipient is on this instance. The default. */
public final class InMemoryFanout implements Publishing, HistoryWriter, Watching, UserDirectory, LinkHealth {

    private final LocalRecipients local;
    private final ByKind<InMemoryHistory> history;

    public InMemoryFanout(LocalRecipients local, ByKind<InMemoryHistory> history) {
        this.local = local;
        this.history = history;
    }

    @Override
    public Future<Long> append(String room, EncodedMessage unstamped, String user, String id) {
        return Future.succeededFuture(history.of(room).appendAndDeliver(room, unstamped, user, id, local));
    }

    @Override
    public Future<Void> toRoom(String room, EncodedMessage message, String exceptSessionId) {
        local.toRoom(room, message, exceptSessionId, null, null);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> toRoomExceptUser(String room, EncodedMessage message, String exceptUser) {
        local.toRoom(room, message, null, exceptUser, null);
        return Future.succeededFuture();
    }

    @Override
    public Future<Boolean> hasUser(String user) {
        return Future.succeededFuture(local.hasUser(user));
    }

    @Override
    public Future<UserConnections> connectionsOf(String user) {
        return Future.succeededFuture(new UserConnections(local.connectionsOf(user, "local"), true));
    }

    @Override
    public Future<UserConnections> disconnect(String user, int code, String reason) {
        return Future.succeededFuture(new UserConnections(local.disconnect(user, code, reason, "local"), true));
    }

    @Override
    public Future<Boolean> toUser(String user, EncodedMessage message) {
        return Future.succeededFuture(local.toUser(user, message, null) > 0);
    }

    @Override
    public Future<Void> toAll(EncodedMessage message) {
        local.toAll(message, null);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> watchRoom(String room) {
        return Future.succeededFuture();
    }

    @Override
    public void unwatchRoom(String room) {
    }

    @Override
    public Future<Void> watchUser(String user) {
        return Future.succeededFuture();
    }

    @Override
    public void unwatchUser(String user) {
    }

    @Override
    public boolean available() {
        return true;
    }
}
