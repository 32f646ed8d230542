package dev.roomcast.cluster.redis;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs an action on a context: at once when the caller is already on it, else queued there. What one caller
 * issues through a link (a subscribe, then a command) thereby leaves in the order issued, however many layers
 * (cluster routing, the link) it passes, all of which share the link's context.
 */
final class OnContext {

    private OnContext() {
    }

    static void run(Context context, Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
