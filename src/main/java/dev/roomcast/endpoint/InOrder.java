package dev.roomcast.endpoint;

import java.util.function.Supplier;

import io.vertx.core.Future;

/**
 * Carries out one connection's requests one after another: each starts when the one before it has
 * finished, failed or not. This is WebSockets Next's serial inbound mode without its per-connection
 * queue, a 257-slot array allocated for every connection (about 1 KB each, idle or not); here an idle
 * connection holds one reference. Called on the connection's event loop only.
 */
final class InOrder {

    private static final Future<Void> DONE = Future.succeededFuture();

    private Future<Void> last = DONE;

    Future<Void> next(Supplier<Future<Void>> request) {
        Future<Void> done = last.isComplete() ? start(request) : last.transform(previous -> start(request));
        last = done.isComplete() ? DONE : done;
        return done;
    }

    private static Future<Void> start(Supplier<Future<Void>> request) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
