package dev.roomcast.endpoint;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.roomcast.security.Handshake;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * A plain request to the WebSocket endpoint (a browser opening ws's URL as a page, a health check pointed at
 * the wrong path) gets 426 Upgrade Required and a sentence saying what the endpoint is, instead of a bare 404.
 */
@Singleton
class NotAnUpgrade {

    /** Before WebSockets Next's own route for /ws (order 0 and up). */
    private static final int ORDER = -40;

    void onRouter(@Observes Router router) {
        router.route(Handshake.PATH).order(ORDER).handler(ctx -> {
            String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
            if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
                ctx.next();
                return;
            }
            ctx.response().setStatusCode(426).putHeader(HttpHeaders.UPGRADE, "websocket")
                    .putHeader(HttpHeaders.CONNECTION, "Upgrade").putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end("This is Roomcast's WebSocket endpoint: connect with a WebSocket client (see /roomcast.js and "
                            + "docs/protocol.md).\n");
        });
    }
}
