package dev.roomcast.api;

import jakarta.inject.Singleton;

import dev.roomcast.cluster.UserDirectory;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.session.Identity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.Future;

/**
 * Who an API message is from: {@code roomcast.api.sender} unless the body names someone. A name that is a
 * connected user's id (on any instance) would let a backend speak as that user, so only a key in
 * {@code roomcast.api.impersonating-keys} may use one.
 */
@Singleton
class Senders {

    private final String sender;
    private final UserDirectory users;
    private final CurrentVertxRequest request;

    Senders(RoomcastConfig config, UserDirectory users, CurrentVertxRequest request) {
        this.sender = config.api().sender();
        this.users = users;
        this.request = request;
    }

    /** The reserved id API messages are sent as: nobody connects as it, so nothing is stored for it. */
    boolean isReserved(String user) {
        return sender.equals(user);
    }

    /** Completes with the sender to use, or fails with an {@link ApiProblem}. Call on the request's thread. */
    Future<String> of(String from) {
        if (from == null || from.equals(sender)) {
            return Future.succeededFuture(sender);
        }
        if (!Identity.USER_ID.matcher(from).matches()) {
            return Future.failedFuture(new ApiProblem(400, "invalid_message", "from must be 1-64 of A-Z a-z 0-9 _ . : @ -"));
        }
        ApiKeys.Key key = request.getCurrent().get(ApiGate.KEY);
        if (key != null && key.impersonates()) {
            return Future.succeededFuture(from);
        }
        return users.hasUser(from).recover(unknown -> Future.failedFuture(new ApiProblem(503, "fanout_unavailable",
                "Redis is unreachable: cannot tell whether from names a connected user; nothing was sent")))
                .compose(connected -> connected
                ? Future.failedFuture(new ApiProblem(403, "forbidden",
                        "from names a connected user; only a key in roomcast.api.impersonating-keys may send as one"))
                : Future.succeededFuture(from));
    }
}
