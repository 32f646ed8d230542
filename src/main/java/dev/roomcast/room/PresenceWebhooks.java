package dev.roomcast.room;

import jakarta.inject.Singleton;

import dev.roomcast.cluster.PresenceEvents;
import dev.roomcast.cluster.Transitions;
import dev.roomcast.webhook.EventType;
import dev.roomcast.webhook.WebhookEvent;
import dev.roomcast.webhook.Webhooks;

/**
 * Turns presence's cluster-wide transitions into webhook events: heard once in the cluster (see {@link Transitions}),
 * so each is sent by one instance. A room's first member makes it occupied before the member joined; its last
 * member's leaving comes before it is vacated. Listens only to what is turned on.
 */
@Singleton
public class PresenceWebhooks implements PresenceEvents {

    private final Webhooks webhooks;

    PresenceWebhooks(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public Transitions rooms() {
        boolean any = webhooks.on(EventType.ROOM_OCCUPIED) || webhooks.on(EventType.ROOM_VACATED)
                || webhooks.on(EventType.MEMBER_JOINED) || webhooks.on(EventType.MEMBER_LEFT);
        return any ? new RoomTransitions() : null;
    }

    @Override
    public Transitions users() {
        boolean any = webhooks.on(EventType.USER_ONLINE) || webhooks.on(EventType.USER_OFFLINE);
        return any ? new UserTransitions() : null;
    }

    private void emit(EventType type, String room, String user) {
        if (webhooks.on(type)) {
            webhooks.emit(room == null ? WebhookEvent.user(type, user) : WebhookEvent.room(type, room, user));
        }
    }

    private final class RoomTransitions implements Transitions {
        @Override
        public void joined(String room, String user, long count) {
            if (count == 1) {
                emit(EventType.ROOM_OCCUPIED, room, null);
            }
            emit(EventType.MEMBER_JOINED, room, user);
        }

        @Override
        public void left(String room, String user, long count) {
            emit(EventType.MEMBER_LEFT, room, user);
            if (count == 0) {
                emit(EventType.ROOM_VACATED, room, null);
            }
        }
    }

    /** A user is the one member of a room of their own: joining it is coming online. */
    private final class UserTransitions implements Transitions {
        @Override
        public void joined(String room, String user, long count) {
            emit(EventType.USER_ONLINE, null, user);
        }

        @Override
        public void left(String room, String user, long count) {
            emit(EventType.USER_OFFLINE, null, user);
        }
    }
}
