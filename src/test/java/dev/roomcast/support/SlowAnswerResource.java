package dev.roomcast.support;

import java.time.Duration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.smallrye.mutiny.Uni;

/** Test-only HTTP endpoint (in @QuarkusTest apps only) that answers after a delay, without blocking a thread. */
@Path("/test/slow-answer")
public class SlowAnswerResource {

    @GET
    public Uni<String> answer(@QueryParam("millis") long millis) {
        return Uni.createFrom().item("answered").onItem().delayIt().by(Duration.ofMillis(millis));
    }
}
