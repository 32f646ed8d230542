package dev.roomcast.room;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.roomcast.cluster.History;
import dev.roomcast.cluster.ReadPositions;
import dev.roomcast.cluster.Streams;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.protocol.ServerMessageEncoder;
import dev.roomcast.session.ConnectionLoop;
import dev.roomcast.session.Session;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Where users have read up to: a {@code read} moves the user's position forward and every connection of the user,
 * on every instance, hears the new one ({@code read_position}); unread counts compare positions with history.
 */
@Singleton
public class ReadMarks {

    private final ReadPositions positions;
    private final Publisher publisher;
    private final History history;

    ReadMarks(ReadPositions positions, Publisher publisher, History history) {
        this.positions = positions;
        this.publisher = publisher;
        this.history = history;
    }

    /**
     * Moves the user's position in {@code room} (null: the inbox). Every connection of the user gets the new
     * position; one that did not move is told to this connection only. Fails when Redis could not store it.
     */
    public Future<Void> read(Session session, String room, long offset, String epoch) {
        Context context = Vertx.currentContext();
        String key = room == null ? ReadPositions.INBOX : room;
        return ConnectionLoop.resume(context, positions.advance(session.user(), key, new ReadPositions.Position(offset, epoch)))
                .compose(advanced -> {
                    ServerMessage.ReadPosition told = new ServerMessage.ReadPosition(room, advanced.position().offset(),
                            advanced.position().epoch());
                    if (!advanced.moved()) {
                        session.send(told);
                        return Future.succeededFuture();
                    }
                    // the sender directly (its inbox may still be joining), the others through the inbox's channel
                    String except = publisher.inboxOn() ? session.id() : null;
                    if (except != null) {
                        session.send(told);
                    }
                    return ConnectionLoop.resume(context,
                            publisher.toUserConnections(session.user(), ServerMessageEncoder.encode(told), except));
                });
    }

    /** The user's read offset in {@code name} (a room, or an inbox name) if it belongs to {@code epoch}; else null. */
    static Long offsetIn(ReadPositions.Position read, String epoch) {
        return read != null && (read.epoch() == null || read.epoch().equals(epoch)) ? read.offset() : null;
    }

    /** One history's unread count for a user. */
    public record Unread(String room, long offset, Long readOffset, long unread, boolean beyondHistory) {
    }

    /** Every room the user has a position in, and the inbox (null when off), with what history still holds after it. */
    public record Summary(List<Unread> rooms, Unread inbox) {
    }

    public Future<Summary> unread(String user) {
        return positions.all(user).compose(all -> {
            List<Future<Unread>> rooms = new ArrayList<>();
            for (Map.Entry<String, ReadPositions.Position> entry : all.entrySet()) {
                if (!entry.getKey().equals(ReadPositions.INBOX)) {
                    rooms.add(unread(entry.getKey(), entry.getKey(), entry.getValue()));
                }
            }
            Future<Unread> inbox = publisher.inboxOn() ? unread(null, Streams.inbox(user), all.get(ReadPositions.INBOX))
                    : Future.succeededFuture(null);
            return Future.all(Future.all(rooms), inbox).map(done -> {
                List<Unread> listed = new ArrayList<>(rooms.size());
                rooms.forEach(f -> listed.add(f.result()));
                listed.sort((a, b) -> a.room().compareTo(b.room()));
                return new Summary(listed, inbox.result());
            });
        });
    }

    /**
     * Held messages after the read position: all held ones when there is none or it is of another epoch;
     * {@code beyondHistory} when messages after it were already dropped (the count is then too low).
     */
    private Future<Unread> unread(String room, String name, ReadPositions.Position read) {
        return history.read(name, -1).map(now -> {
            Long readOffset = offsetIn(read, now.position().epoch());
            long latest = now.position().offset();
            long after = readOffset == null ? 0 : Math.min(readOffset, latest);
            long from = Math.max(after, now.oldest() - 1);
            return new Unread(room, latest, readOffset, latest - from, after < now.oldest() - 1);
        });
    }
}
