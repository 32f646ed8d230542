package dev.roomcast.webhook;

import java.util.concurrent.TimeoutException;

import dev.roomcast.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;

/**
 * POSTs one batch to the receiver over a pool of kept-alive connections: signed, with the {@code traceparent} of
 * its own CLIENT span, bounded by the request timeout from the start (connecting included). The future succeeds
 * on a 2xx answer and fails with an {@link AttemptFailed} naming the reason otherwise. Call it on a Vert.x context.
 */
final class WebhookClient {

    /** Why an attempt failed, one of {@link WebhookMetrics#FAILURES}. */
    static final class AttemptFailed extends Exception {
        final String reason;

        AttemptFailed(String reason, String message, Throwable cause) {
            super(message, cause, false, false);
            this.reason = reason;
        }
    }

    /** Most bytes of an answer's body read; a receiver's answer is its status, the body is never used. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final HttpClient client;
    private final String url;
    private final Signature signature;
    private final Tracing tracing;
    private final long timeoutMillis;

    WebhookClient(Vertx vertx, WebhookSettings settings, Tracing tracing) {
        this.vertx = vertx;
        this.url = settings.url().toString();
        this.signature = new Signature(settings.secret());
        this.tracing = tracing;
        this.timeoutMillis = settings.requestTimeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                // Below Node's default 5 s: we close an idle connection before the receiver might, not just after
                .setKeepAliveTimeout(4)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                // This client's span and traceparent are our own (below), not the Vert.x tracer's
                .setTracingPolicy(TracingPolicy.IGNORE),
                new PoolOptions().setHttp1MaxSize(settings.maxConnections()));
    }

    Future<Void> post(Batch batch) {
        Span span = tracing.webhook(batch.events.get(0).cause(),
                () -> batch.events.stream().skip(1).map(QueuedEvent::cause).iterator(), batch.events.size());
        Promise<Void> outcome = Promise.promise();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json")
                .putHeader(Signature.HEADER, signature.header(System.currentTimeMillis() / 1000, batch.body));
        String traceparent = tracing.traceparent(span);
        if (traceparent != null) {
            options.putHeader("traceparent", traceparent);
        }
        HttpClientRequest[] sent = new HttpClientRequest[1];
        long timer = vertx.setTimer(timeoutMillis, t -> {
            if (outcome.tryFail(new AttemptFailed("timeout", "no answer within " + timeoutMillis + " ms", null))
                    && sent[0] != null) {
                sent[0].reset(0, new TimeoutException()); // closes that connection rather than reuse a stuck one
            }
        });
        client.request(options).compose(request -> {
            if (outcome.future().isComplete()) {
                // Timed out waiting for a pooled connection: sent now, it would hold that connection with no
                // timer of its own (and the lane has moved on). Unsent, the connection goes back to the pool.
                request.reset(0, new TimeoutException());
                return Future.failedFuture(new TimeoutException("obtained after the timeout"));
            }
            sent[0] = request;
            return request.send(batch.body);
        }).compose(WebhookClient::status).onComplete(answer -> {
            vertx.cancelTimer(timer);
            if (answer.succeeded()) {
                int status = answer.result();
                if (span.isRecording()) {
                    span.setAttribute(Tracing.HTTP_STATUS, (long) status); // before the outcome ends the span
                }
                if (status / 100 == 2) {
                    outcome.tryComplete();
                } else {
                    outcome.tryFail(new AttemptFailed("status", "answered " + status, null));
                }
            } else {
                Throwable failure = answer.cause();
                outcome.tryFail(new AttemptFailed(failure instanceof TimeoutException ? "timeout" : "connection",
                        String.valueOf(failure), failure));
            }
        });
        return outcome.future().onComplete(done -> {
            if (done.failed()) {
                span.setStatus(StatusCode.ERROR, done.cause().getMessage());
            }
            span.end();
        });
    }

    /**
     * The answer's status, once its body is read and dropped: only the status counts. Past {@link #MAX_ANSWER_BYTES}
     * the connection is reset instead of read on, so a receiver cannot make the sender hold or read a huge answer.
     */
    private static Future<Integer> status(HttpClientResponse response) {
        int status = response.statusCode();
        Promise<Integer> read = Promise.promise();
        long[] bytes = new long[1];
        response.handler(chunk -> {
            bytes[0] += chunk.length();
            if (bytes[0] > MAX_ANSWER_BYTES && read.tryComplete(status)) {
                response.request().reset(0, new IllegalStateException("an answer over " + MAX_ANSWER_BYTES + " bytes"));
            }
        });
        response.end().onComplete(end -> {
            if (end.succeeded()) {
                read.tryComplete(status);
            } else {
                read.tryFail(end.cause());
            }
        });
        return read.future();
    }

    void close() {
        client.close();
    }
}
