package dev.roomcast.session;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A connection's work resumes on its own event loop after waiting for another instance (Redis answers
 * on the link's loop), so that its replies keep request order and its state needs no lock.
 */
public final class ConnectionLoop {

    private ConnectionLoop() {
    }

    /** The same outcome, with callbacks on {@code context}; no hop when it is already done there. */
    public static <T> Future<T> resume(Context context, Future<T> future) {
        if (context == null || (future.isComplete() && Vertx.currentContext() == context)) {
            return future;
        }
        Promise<T> resumed = Promise.promise();
        future.onComplete(outcome -> context.runOnContext(v -> resumed.handle(outcome)));
        return resumed.future();
    }
}
