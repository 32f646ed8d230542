package dev.roomcast.api;

import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import dev.roomcast.cluster.FanoutTimeoutException;
import dev.roomcast.cluster.FanoutUnavailableException;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.telemetry.ApiMetrics;
import dev.roomcast.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;

/**
 * Runs one API call: under its span (so the publish it makes is the span's child), timed and counted by
 * outcome, with every failure turned into the API's {@code {code, message}} shape.
 */
@Singleton
class ApiCalls {

    private static final Logger LOG = Logger.getLogger(ApiCalls.class);

    private final ApiMetrics metrics;
    private final Tracing tracing;

    ApiCalls(ApiMetrics metrics, Tracing tracing) {
        this.metrics = metrics;
        this.tracing = tracing;
    }

    <T> Uni<Response> run(String endpoint, Supplier<Future<T>> work, Function<T, Response> ok) {
        long start = System.nanoTime();
        Span span = tracing.api(endpoint);
        Future<T> done;
        try (Scope scope = span.makeCurrent()) {
            done = work.get();
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return Uni.createFrom().completionStage(done.toCompletionStage()).map(ok)
                .onFailure().recoverWithItem(failure -> problem(failure).response())
                .invoke(response -> {
                    Object entity = response.getEntity();
                    String outcome = entity instanceof ApiProblem.Body body ? body.code() : "ok";
                    if (!outcome.equals("ok")) {
                        span.setStatus(StatusCode.ERROR, outcome);
                    }
                    span.setAttribute("http.response.status_code", response.getStatus());
                    span.end();
                    metrics.request(endpoint, outcome, System.nanoTime() - start);
                });
    }

    /** What a failure means to the caller; the codes are the WebSocket protocol's where they mean the same. */
    static ApiProblem problem(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof ApiProblem problem) {
            return problem;
        }
        if (cause instanceof ProtocolException refused) {
            int status = refused.code() == ErrorCode.CONTENT_TOO_LARGE ? 413 : 400;
            return new ApiProblem(status, refused.code().wire(), refused.getMessage());
        }
        if (cause instanceof IllegalArgumentException invalid) {
            return new ApiProblem(400, "invalid_message", invalid.getMessage());
        }
        if (cause instanceof FanoutUnavailableException) {
            return new ApiProblem(503, "fanout_unavailable",
                    "Redis is unreachable: done for this instance's connections only, not sent to the other instances");
        }
        if (cause instanceof FanoutTimeoutException) {
            return new ApiProblem(504, "fanout_timeout", "Redis took it but did not confirm in time; it may still be delivered");
        }
        LOG.error("API call failed", cause);
        return new ApiProblem(500, "internal_error", "a server fault; the request may not have taken effect");
    }
}
