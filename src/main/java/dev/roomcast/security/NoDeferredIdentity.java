package dev.roomcast.security;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;

/**
 * Roomcast verifies tokens itself at the upgrade ({@link UpgradeGate}) and never asks Quarkus for
 * a SecurityIdentity on a WebSocket. While the upgrade request carries Quarkus's deferred identity,
 * WebSockets Next keeps the whole routing context (request wrapper, identity Unis, captured context
 * state) alive for the connection's life so that it could resolve it later.
 */
@Singleton
class NoDeferredIdentity {

    /** After Quarkus's authentication (-200) and authorization (-100) filters, before any route. */
    private static final int ORDER = -50;

    void onRouter(@Observes Router router) {
        router.route(Handshake.PATH).order(ORDER).handler(ctx -> {
            ctx.remove(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
            ctx.next();
        });
    }
}
