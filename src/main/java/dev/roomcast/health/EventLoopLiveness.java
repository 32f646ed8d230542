package dev.roomcast.health;

import java.time.Duration;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Live while an event loop runs a posted task promptly. A loop that is blocked (or a process too
 * starved to run it within two seconds) is not serving anyone: restart it.
 */
@Liveness
@Singleton
public class EventLoopLiveness implements AsyncHealthCheck {

    private static final Duration BOUND = Duration.ofSeconds(2);

    private final Vertx vertx;

    EventLoopLiveness(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        long posted = System.nanoTime();
        return Uni.createFrom().<Long> emitter(done -> vertx.getOrCreateContext()
                .runOnContext(v -> done.complete((System.nanoTime() - posted) / 1_000_000)))
                .ifNoItem().after(BOUND).fail()
                .map(delayMs -> HealthCheckResponse.named("event-loop").up().withData("task_delay_ms", delayMs).build())
                .onFailure().recoverWithItem(HealthCheckResponse.named("event-loop").down()
                        .withData("error", "an event loop did not run a task within " + BOUND.toMillis() + " ms").build());
    }
}
