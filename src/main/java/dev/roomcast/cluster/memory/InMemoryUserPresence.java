package dev.roomcast.cluster.memory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.roomcast.cluster.Transitions;
import dev.roomcast.cluster.UserPresence;
import io.vertx.core.Future;

/** One instance: a user's first connection here is their first anywhere. Users are their own "room" to {@link Transitions}. */
public final class InMemoryUserPresence implements UserPresence {

    private final Set<String> online = ConcurrentHashMap.newKeySet();
    private final Transitions transitions;

    public InMemoryUserPresence(Transitions transitions) {
        this.transitions = transitions;
    }

    @Override
    public void connected(String user) {
        if (online.add(user)) {
            transitions.joined(user, user, 1);
        }
    }

    @Override
    public void disconnected(String user) {
        if (online.remove(user)) {
            transitions.left(user, user, 0);
        }
    }

    /** Whoever is still connected goes offline with the instance. */
    @Override
    public Future<Void> leaveAll() {
        online.forEach(this::disconnected);
        return Future.succeededFuture();
    }
}
