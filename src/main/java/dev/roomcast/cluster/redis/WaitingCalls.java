package dev.roomcast.cluster.redis;

import java.util.HashSet;
import java.util.Set;

import dev.roomcast.cluster.FanoutTimeoutException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Calls someone waits on (joins, private messages): each gives up after the timeout, and all of them at
 * once when the link learns that Redis stopped answering, so a frozen Redis costs a client at most the
 * time it takes to notice. Either way the call may still be carried out later: {@link FanoutTimeoutException}.
 */
final class WaitingCalls {

    private final Vertx vertx;
    private final Context context;
    private final long timeoutMillis;
    private final Set<Promise<?>> waiting = new HashSet<>(); // touched on the context only

    WaitingCalls(Vertx vertx, Context context, long timeoutMillis) {
        this.vertx = vertx;
        this.context = context;
        this.timeoutMillis = timeoutMillis;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    <T> Future<T> bounded(Future<T> call) {
        Promise<T> result = Promise.promise();
        long timer = vertx.setTimer(timeoutMillis, id -> result.tryFail(FanoutTimeoutException.INSTANCE));
        context.runOnContext(v -> {
            if (!result.future().isComplete()) {
                waiting.add(result);
            }
        });
        call.onComplete(outcome -> {
            vertx.cancelTimer(timer);
            if (outcome.succeeded()) {
                result.tryComplete(outcome.result());
            } else {
                result.tryFail(outcome.cause());
            }
        });
        result.future().onComplete(done -> context.runOnContext(v -> waiting.remove(result)));
        return result.future();
    }

    /** On the context: every call still waiting gives up now. */
    void giveUpAll() {
        for (Promise<?> call : Set.copyOf(waiting)) {
            call.tryFail(FanoutTimeoutException.INSTANCE);
        }
        waiting.clear();
    }
}
