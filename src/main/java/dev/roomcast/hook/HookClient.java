package dev.roomcast.hook;

import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.roomcast.telemetry.Tracing;
import dev.roomcast.webhook.Signature;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;

/**
 * Makes hook calls: a signed JSON POST over a keep-alive pool, under a CLIENT span whose {@code traceparent} goes
 * along, answered within the timeout (which includes waiting for a pooled connection) or not at all. Never blocks
 * and never fails: every ending is a {@link Result}, delivered on the caller's context. At most {@code maxInFlight}
 * calls are open at once; beyond that a call is not made ({@link Outcome#BUSY}).
 */
final class HookClient {

    private static final Logger LOG = Logger.getLogger(HookClient.class);

    /** How one call ended; {@code answer} is set for {@link Outcome#ALLOW} and {@link Outcome#DENY}. */
    record Result(Outcome outcome, HookAnswer answer) {
    }

    private static final Result BUSY = new Result(Outcome.BUSY, null);
    private static final Result FAILED = new Result(Outcome.FAILED, null);
    private static final Result TIMEOUT = new Result(Outcome.TIMEOUT, null);

    private final Vertx vertx;
    private final HttpClient client;
    private final Signature signature;
    private final HookAnswer.Reader reader = new HookAnswer.Reader();
    private final HookMetrics metrics;
    private final Tracing tracing;
    private final long timeoutMillis;
    private final int maxInFlight;
    private final int maxAnswerBytes;

    HookClient(Vertx vertx, String secret, long timeoutMillis, int maxInFlight, int poolSize, int maxAnswerBytes,
            HookMetrics metrics, Tracing tracing) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                // Below Node's default 5 s: an idle connection is closed here before the backend may close it, so a
                // call never goes out on a connection the backend is closing (a failed call, and a refused join)
                .setKeepAliveTimeout(4)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setTracingPolicy(TracingPolicy.IGNORE), // our own span's traceparent goes out, not a second client span
                new PoolOptions().setHttp1MaxSize(poolSize));
        this.signature = new Signature(secret);
        this.timeoutMillis = timeoutMillis;
        this.maxInFlight = maxInFlight;
        this.maxAnswerBytes = maxAnswerBytes;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    Future<Result> call(Hook hook, String url, byte[] body) {
        if (!metrics.start(hook, maxInFlight)) {
            return Future.succeededFuture(BUSY);
        }
        long started = System.nanoTime();
        Span span = tracing.hook(hook.wire());
        Promise<Result> decided = Promise.promise();
        long timer = vertx.setTimer(timeoutMillis, id -> decided.tryComplete(TIMEOUT));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json")
                .putHeader(Signature.HEADER, signature.sign(TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis()), body));
        String traceparent = tracing.traceparent(span);
        if (traceparent != null) {
            options.putHeader("traceparent", traceparent);
        }
        client.request(options).onComplete(asked -> {
            if (asked.failed()) {
                failed(decided, hook, asked.cause().toString());
                return;
            }
            if (decided.future().isComplete()) { // timed out waiting for a pooled connection
                asked.result().reset();
                return;
            }
            decided.future().onSuccess(result -> {
                if (result.outcome() == Outcome.TIMEOUT) {
                    asked.result().reset(); // frees the connection for calls that still have time
                }
            });
            asked.result().send(Buffer.buffer(body)).onComplete(answered -> {
                if (answered.failed()) {
                    failed(decided, hook, answered.cause().toString());
                } else {
                    read(hook, answered.result(), decided);
                }
            });
        });
        return decided.future().onComplete(ended -> {
            vertx.cancelTimer(timer);
            Outcome outcome = ended.result().outcome();
            metrics.ended(hook, outcome, System.nanoTime() - started);
            if (outcome == Outcome.FAILED || outcome == Outcome.TIMEOUT) {
                span.setStatus(StatusCode.ERROR, outcome.label());
            }
            span.end();
        });
    }

    /** Reads the answer, up to {@code maxAnswerBytes}; the whole body is read so the connection can be reused. */
    private void read(Hook hook, HttpClientResponse response, Promise<Result> decided) {
        Buffer received = Buffer.buffer();
        response.exceptionHandler(e -> failed(decided, hook, e.toString()));
        response.handler(chunk -> {
            if (decided.future().isComplete()) {
                return;
            }
            if (received.length() + chunk.length() > maxAnswerBytes) {
                failed(decided, hook, "an answer over " + maxAnswerBytes + " bytes");
                response.request().reset();
                return;
            }
            received.appendBuffer(chunk);
        });
        response.endHandler(end -> {
            if (decided.future().isComplete()) {
                return;
            }
            if (response.statusCode() != 200) {
                failed(decided, hook, "status " + response.statusCode());
                return;
            }
            try {
                HookAnswer answer = reader.read(hook, received.getBytes());
                decided.tryComplete(new Result(answer.allow() ? Outcome.ALLOW : Outcome.DENY, answer));
            } catch (IllegalArgumentException unreadable) {
                failed(decided, hook, unreadable.getMessage());
            }
        });
    }

    private static void failed(Promise<Result> decided, Hook hook, String why) {
        if (decided.tryComplete(FAILED)) {
            LOG.debugf("the %s hook failed: %s", hook.wire(), why);
        }
    }

    Future<Void> close() {
        return client.close();
    }
}
