package dev.roomcast.room;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.inject.Singleton;

import dev.roomcast.cluster.ReadPositions;
import dev.roomcast.cluster.Streams;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.protocol.ClientMessage.Since;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.protocol.StreamState;
import dev.roomcast.session.ConnectionLoop;
import dev.roomcast.session.Session;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A new connection's first moments: it is registered, follows the user's inbox and the broadcast stream (resuming
 * them from the client's since), and gets {@code welcome} with where both stand, ahead of their replays and of any
 * live traffic. The welcome waits for the streams at most {@link #WAIT_MILLIS}: a stream read later (Redis slow or
 * frozen) is announced by a {@code resumed} frame ahead of its replay. With neither stream on, the welcome waits
 * for the user's channel instead, as private messages then come over it.
 */
@Singleton
public class Arrival {

    /** The longest a welcome waits for the streams (a frozen Redis must not hold it for the command timeout). */
    static final long WAIT_MILLIS = 500;

    private final Membership membership;
    private final ReadPositions readPositions;
    private final boolean inboxOn;
    private final boolean broadcastsOn;
    private final Vertx vertx;

    Arrival(Membership membership, ReadPositions readPositions, RoomcastConfig config, Vertx vertx) {
        this.membership = membership;
        this.readPositions = readPositions;
        this.inboxOn = config.inbox().size() > 0;
        this.broadcastsOn = config.broadcasts().size() > 0;
        this.vertx = vertx;
    }

    /** Completes once {@code welcome} is queued; call on the connection's loop before anything is sent to it. */
    public Future<Void> welcome(Session session, Since inboxSince, Since broadcastSince) {
        if (!inboxOn && !broadcastsOn) {
            return membership.connect(session).map(ready -> {
                session.send(new ServerMessage.Welcome(session.user(), null, null));
                return null;
            });
        }
        Context context = Vertx.currentContext();
        Draft draft = new Draft(session, session.reserveFirst());
        Future<Void> reachable = membership.connect(session);
        List<Future<?>> parts = new ArrayList<>(4);
        if (!inboxOn) {
            parts.add(reachable); // privates still come over the user's channel
        }
        Future<Void> inboxFollowed = Future.succeededFuture();
        if (inboxOn) {
            inboxFollowed = membership.follow(session, Streams.inbox(session.user()), inboxSince, draft::inbox);
            parts.add(inboxFollowed);
            parts.add(ConnectionLoop.resume(context, readPositions.get(session.user(), ReadPositions.INBOX))
                    .onSuccess(draft::inboxRead));
        }
        if (broadcastsOn) { // after the inbox's commit, so the missed privates are replayed before the missed broadcasts
            parts.add(inboxFollowed.transform(inboxDone ->
                    membership.follow(session, Streams.BROADCASTS, broadcastSince, draft::broadcasts)));
        }
        long timer = vertx.setTimer(WAIT_MILLIS, id -> draft.send());
        Future.join(parts).onComplete(all -> context.runOnContext(v -> {
            vertx.cancelTimer(timer);
            draft.send();
        }));
        return draft.sent.future();
    }

    /** The welcome being put together, on the connection's loop; a stream known only after it goes as {@code resumed}. */
    private static final class Draft {
        private final Session session;
        private final Consumer<ServerMessage> first;
        private final Promise<Void> sent = Promise.promise();
        private StreamState inbox;
        private StreamState broadcasts;
        private ReadPositions.Position inboxRead;

        Draft(Session session, Consumer<ServerMessage> first) {
            this.session = session;
            this.first = first;
        }

        void inbox(StreamState state) {
            StreamState withRead = inboxRead == null || state.position() == null || !sameEpoch(state, inboxRead) ? state
                    : new StreamState(state.position(), state.recovered(), inboxRead.offset());
            if (sent.future().isComplete()) {
                if (state.position() != null) { // still unknown: the client keeps its since
                    session.send(new ServerMessage.Resumed(withRead, null));
                }
            } else {
                inbox = withRead;
            }
        }

        void broadcasts(StreamState state) {
            if (sent.future().isComplete()) {
                if (state.position() != null) {
                    session.send(new ServerMessage.Resumed(null, state));
                }
            } else {
                broadcasts = state;
            }
        }

        void inboxRead(ReadPositions.Position read) {
            inboxRead = read;
            if (read != null && inbox != null && inbox.position() != null && sameEpoch(inbox, read)) {
                inbox = new StreamState(inbox.position(), inbox.recovered(), read.offset());
            }
        }

        void send() {
            if (sent.future().isComplete()) {
                return;
            }
            first.accept(new ServerMessage.Welcome(session.user(), inbox, broadcasts));
            sent.complete();
        }

        private static boolean sameEpoch(StreamState state, ReadPositions.Position read) {
            return read.epoch() == null || read.epoch().equals(state.position().epoch());
        }
    }
}
