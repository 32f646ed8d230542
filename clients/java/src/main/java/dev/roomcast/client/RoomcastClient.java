package dev.roomcast.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.roomcast.client.RoomcastListener.Presence;
import dev.roomcast.client.RoomcastListener.ReadPosition;
import dev.roomcast.client.RoomcastListener.State;

/**
 * A Roomcast client for JVM services and tests, on the JDK's WebSocket client: it reconnects with backoff (full
 * jitter), honours {@code server_shutdown}, re-joins its rooms with {@code since} and resumes the inbox and the
 * broadcasts likewise, resends what was not yet accepted with its original id, follows the user's read positions,
 * and pings and gives up on a silent link. Everything runs on one thread of its own; the futures complete there.
 * Example in docs/clients.md.
 */
public final class RoomcastClient implements AutoCloseable {

    private final ClientThread loop = new ClientThread();
    private final Lifecycle lifecycle;
    private final SendQueue queue;
    private final Rooms rooms;
    private final Streams streams;
    private final Reads reads;

    RoomcastClient(RoomcastOptions options) {
        RoomcastListener listener = new SafeListener(options.listener());
        Link link = new Link(loop, options.pingInterval(), options.deadAfter());
        lifecycle = new Lifecycle(options, listener, loop, link);
        Requests requests = new Requests(link, lifecycle::isOpen);
        queue = new SendQueue(options, loop, requests);
        rooms = new Rooms(requests, queue, listener);
        queue.joinedBy(rooms::joined);
        streams = new Streams(listener, options.inboxSince(), options.broadcastSince());
        reads = new Reads(requests, listener, name -> {
            ClientRoom room = rooms.get(name);
            return room == null ? null : room.position;
        }, streams.inbox);
        Inbound inbound = new Inbound(lifecycle, requests, queue, rooms, streams, reads, listener);
        link.route(inbound::frame, lifecycle::dropped);
        lifecycle.hooks(streams::params, disconnected -> {
            requests.failAll(disconnected);
            rooms.disconnected();
            queue.disconnected(); // written to a connection that is gone: they go again, with their ids
        }, ended -> { // settles everything still waiting
            requests.failAll(ended);
            queue.failAll(ended);
            rooms.failAll(ended);
        });
    }

    public static RoomcastOptions.Builder builder(String... urls) {
        return new RoomcastOptions.Builder(List.of(urls));
    }

    public State state() {
        return lifecycle.state();
    }

    /** The user id the server gave (after the first welcome). */
    public String user() {
        return lifecycle.user();
    }

    /** Connects and keeps reconnecting until {@link #close()}; completes with the user id at the first welcome. */
    public CompletableFuture<String> connect() {
        return loop.call(lifecycle::connect);
    }

    /** Joins; completes with the room's presence at {@code joined}. The room is re-joined after every reconnect. */
    public CompletableFuture<Presence> join(String room) {
        return loop.call(() -> rooms.join(room));
    }

    /** Leaves; the room is not re-joined. Messages to it not yet accepted fail with not_member. */
    public CompletableFuture<Void> leave(String room) {
        return loop.call(() -> rooms.leave(room));
    }

    /**
     * Sends a room message; completes with its offset once it is in the room's history (null with history off).
     * Until then it is kept, across reconnects, and resent with the same id, so it is published once.
     */
    public CompletableFuture<Long> send(String room, Object content) {
        return queued(() -> message("message", content).put("room", room), frame -> rooms.get(room) == null
                ? CompletableFuture.failedFuture(new RoomcastException("not_member", "join " + room + " first"))
                : queue.add(frame, room));
    }

    /**
     * A private message; completes with its offset in the recipient's inbox once it is stored there (whether or not
     * they are connected now: they get it when they come back). Kept and resent with the same id like
     * {@link #send}. With the inbox off on the server it completes with null, and fails with unknown_user when
     * nobody by that id is connected.
     */
    public CompletableFuture<Long> privateMessage(String to, Object content) {
        return queued(() -> message("private", content).put("to", to), frame -> queue.add(frame, null));
    }

    /** A broadcast to every user; completes with its offset in the broadcast stream (null when the server keeps none). */
    public CompletableFuture<Long> broadcast(Object content) {
        return queued(() -> message("broadcast", content), frame -> queue.add(frame, null));
    }

    /**
     * Marks {@code room} read up to {@code offset}; every connection of the user gets it as
     * {@link RoomcastListener#onReadPosition}, this one included. Completes with the stored position (it only moves
     * forward within an epoch); fails when not connected.
     */
    public CompletableFuture<ReadPosition> read(String room, long offset) {
        return loop.call(() -> reads.read(room, offset));
    }

    /** Marks {@code room} read up to the latest offset this client knows of there. */
    public CompletableFuture<ReadPosition> read(String room) {
        return loop.call(() -> reads.read(room, null));
    }

    /** Marks the inbox read up to {@code offset}, as {@link #read(String, long)} does a room. */
    public CompletableFuture<ReadPosition> readInbox(long offset) {
        return loop.call(() -> reads.read(null, offset));
    }

    /** Marks the inbox read up to the latest private message this client knows of. */
    public CompletableFuture<ReadPosition> readInbox() {
        return loop.call(() -> reads.read(null, null));
    }

    /**
     * The messages in {@code room} after the user's read position: its latest offset this client knows of minus the
     * read offset. Null while that is not known (never marked read, marked in another epoch, or not in the room).
     */
    public CompletableFuture<Long> unread(String room) {
        return loop.call(() -> CompletableFuture.completedFuture(reads.unread(room)));
    }

    /** The private messages after the user's read position in the inbox; null while that is not known. */
    public CompletableFuture<Long> unreadInbox() {
        return loop.call(() -> CompletableFuture.completedFuture(reads.unread(null)));
    }

    /**
     * Where the inbox was left: give it to {@link RoomcastOptions.Builder#inboxSince(Since)} of the next client of this
     * user (after a restart) to get the privates sent meanwhile. Null before the first welcome (unless the builder
     * gave one). Any thread, after {@link #close()} too.
     */
    public Since inboxSince() {
        return streams.inbox.since();
    }

    /** Where the broadcast stream was left, as {@link #inboxSince()}. */
    public Since broadcastSince() {
        return streams.broadcasts.since();
    }

    /**
     * Closes for good: no reconnect; waiting futures fail with {@code closed}, and so does every call after it.
     * Closing again does nothing.
     */
    @Override
    public void close() {
        loop.close(lifecycle::close);
    }

    /**
     * Builds the frame here, on the caller's thread (the content may be the caller's to change afterwards, and
     * serialising a big one would hold up the client's thread), then hands it to {@code add} on the client's thread.
     */
    private CompletableFuture<Long> queued(Supplier<ObjectNode> frame, Function<ObjectNode, CompletableFuture<Long>> add) {
        ObjectNode built;
        try {
            built = frame.get();
        } catch (IllegalArgumentException unserialisable) { // Jackson could not make JSON of the content
            return CompletableFuture.failedFuture(unserialisable);
        }
        return loop.call(() -> add.apply(built));
    }

    private static ObjectNode message(String type, Object content) {
        ObjectNode frame = Requests.frame(type);
        frame.set("content", Requests.JSON.valueToTree(content));
        return frame;
    }
}
