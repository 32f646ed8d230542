package dev.roomcast.cluster.redis;

import dev.roomcast.cluster.Presence.Membership;
import dev.roomcast.cluster.Transitions;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;

/**
 * A room's holders in Redis, through the HOLD and DROP scripts of {@link PresenceScripts}: each script decides
 * atomically whether the user became a member everywhere or left everywhere, and that transition is told to
 * {@link Transitions} here, once in the cluster, under the trace of the call that made it (Redis answers on its
 * own thread).
 */
final class RoomHolds {

    private final RedisShards redis;
    private final Keys keys;
    private final Transitions transitions;
    private final String listLimit;

    RoomHolds(RedisShards redis, Keys keys, Transitions transitions, String listLimit) {
        this.redis = redis;
        this.keys = keys;
        this.transitions = transitions;
        this.listLimit = listLimit;
    }

    /** The user is held in the room by {@code incarnation}; idempotent. */
    Future<Membership> hold(String room, String user, String incarnation) {
        Context cause = Context.current();
        return PresenceScripts.HOLD.run(redis, roomKeys(room), user + "\n" + incarnation, user, listLimit).map(r -> {
            Membership membership = new Membership(r.get(0).toInteger() == 1,
                    PresenceReplies.roster(r.get(1), r.get(2), r.get(3)));
            if (membership.newMember()) {
                try (Scope scope = cause.makeCurrent()) {
                    transitions.joined(room, user, membership.roster().count());
                }
            }
            return membership;
        });
    }

    /** {@code incarnation} holds the user in the room no more; completes with whether the user left it everywhere. */
    Future<Boolean> drop(String room, String user, String incarnation) {
        Context cause = Context.current();
        return PresenceScripts.DROP.run(redis, roomKeys(room), user + "\n" + incarnation, user).map(r -> {
            long left = r.toLong();
            if (left >= 0) {
                try (Scope scope = cause.makeCurrent()) {
                    transitions.left(room, user, left);
                }
            }
            return left >= 0;
        });
    }

    private String[] roomKeys(String room) {
        return new String[] { keys.holders(room), keys.users(room), keys.members(room), keys.history(room) };
    }
}
