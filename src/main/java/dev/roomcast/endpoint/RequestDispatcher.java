package dev.roomcast.endpoint;

import java.util.List;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.roomcast.fanout.Fanout;
import dev.roomcast.protocol.ClientMessage;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.RawJson;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.protocol.ServerMessageEncoder;
import dev.roomcast.room.RoomHub;
import dev.roomcast.session.Session;
import dev.roomcast.session.SessionRegistry;

/**
 * Carries out what clients ask for. Runs on the connection's event loop, one request at a time per
 * connection, and never blocks. A refused request becomes an error frame carrying the client's ref.
 */
@Singleton
public class RequestDispatcher {

    private static final Logger LOG = Logger.getLogger(RequestDispatcher.class);

    private final RoomHub hub;
    private final SessionRegistry sessions;
    private final Fanout fanout;
    private final RequestLimits limits;

    RequestDispatcher(RoomHub hub, SessionRegistry sessions, Fanout fanout, RequestLimits limits) {
        this.hub = hub;
        this.sessions = sessions;
        this.fanout = fanout;
        this.limits = limits;
    }

    /** A new connection: welcome it, then join the rooms it named at connect. */
    public void open(Session session, List<String> initialRooms) {
        sessions.add(session);
        session.send(new ServerMessage.Welcome(session.user()));
        for (String room : initialRooms) {
            handle(session, new ClientMessage.Join(room, null));
        }
    }

    public void handle(Session session, ClientMessage request) {
        try {
            dispatch(session, request);
        } catch (ProtocolException refused) {
            refuse(session, refused);
        } catch (RuntimeException bug) {
            LOG.errorf(bug, "%s failed on a %s request", session, request.type());
            session.send(new ServerMessage.Error(ErrorCode.INTERNAL_ERROR.wire(), "the server failed to handle the request",
                    request.ref()));
        }
    }

    public void refuse(Session session, ProtocolException refused) {
        session.send(refused.toErrorMessage());
    }

    /** A closed connection leaves all its rooms; the other members are told. */
    public void close(Session session) {
        sessions.remove(session);
        for (String room : session.rooms()) {
            hub.leave(room, session, memberLeft -> announceLeft(room, session, memberLeft));
        }
        session.rooms().clear();
    }

    // Java 17 has no pattern switch; the sealed interface keeps this list complete.
    private void dispatch(Session session, ClientMessage request) {
        if (request instanceof ClientMessage.Message m) {
            message(session, m);
        } else if (request instanceof ClientMessage.Join j) {
            join(session, j.room(), j.ref());
        } else if (request instanceof ClientMessage.Leave l) {
            leave(session, l.room(), l.ref());
        } else if (request instanceof ClientMessage.Private p) {
            privateMessage(session, p);
        } else if (request instanceof ClientMessage.Broadcast b) {
            broadcast(session, b);
        } else if (request instanceof ClientMessage.Ping p) {
            session.send(new ServerMessage.Pong(p.ref()));
        } else {
            throw new IllegalStateException("unhandled request type " + request.type());
        }
    }

    private void join(Session session, String room, RawJson ref) {
        limits.checkRoomName(room, ref);
        if (!session.rooms().contains(room)) {
            limits.checkRoomCount(session.rooms().size(), ref);
        }
        boolean added = hub.join(room, session, (members, newMember) -> {
            session.send(new ServerMessage.Joined(room, members, ref));
            if (newMember) {
                fanout.toRoom(room, ServerMessageEncoder.encode(new ServerMessage.UserJoined(room, session.user())), session.id());
            }
        });
        if (added) {
            session.rooms().add(room);
        }
    }

    private void leave(Session session, String room, RawJson ref) {
        boolean wasIn = hub.leave(room, session, memberLeft -> {
            session.send(new ServerMessage.Left(room, ref));
            announceLeft(room, session, memberLeft);
        });
        if (!wasIn) {
            throw new ProtocolException(ErrorCode.NOT_MEMBER, "not in room '" + room + "'", ref);
        }
        session.rooms().remove(room);
    }

    private void announceLeft(String room, Session session, boolean memberLeft) {
        if (memberLeft) {
            fanout.toRoom(room, ServerMessageEncoder.encode(new ServerMessage.UserLeft(room, session.user())), null);
        }
    }

    private void message(Session session, ClientMessage.Message m) {
        if (!session.rooms().contains(m.room())) {
            throw new ProtocolException(ErrorCode.NOT_MEMBER, "join room '" + m.room() + "' before sending to it", m.ref());
        }
        limits.checkContent(m.content(), m.ref());
        ServerMessage out = new ServerMessage.Message(m.room(), session.user(), m.content(), System.currentTimeMillis());
        fanout.toRoom(m.room(), ServerMessageEncoder.encode(out), null);
    }

    private void broadcast(Session session, ClientMessage.Broadcast b) {
        limits.checkContent(b.content(), b.ref());
        fanout.toAll(ServerMessageEncoder.encode(
                new ServerMessage.Broadcast(session.user(), b.content(), System.currentTimeMillis())));
    }

    private void privateMessage(Session session, ClientMessage.Private p) {
        limits.checkContent(p.content(), p.ref());
        if (sessions.ofUser(p.to()).length == 0) {
            throw new ProtocolException(ErrorCode.UNKNOWN_USER, "user '" + p.to() + "' is not connected", p.ref());
        }
        fanout.toUser(p.to(), ServerMessageEncoder.encode(
                new ServerMessage.Private(session.user(), p.content(), System.currentTimeMillis())));
    }
}
