package dev.roomcast.health;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.cluster.LinkHealth;
import dev.roomcast.security.Drain;
import dev.roomcast.room.RoomHub;
import dev.roomcast.session.SessionRegistry;

/**
 * Ready while new clients would be fully served: not while draining, and with Redis fan-out only
 * while this instance's canary comes back through Redis. In memory mode Redis plays no part. Reports connections,
 * rooms and the fan-out round trip.
 */
@Readiness
@Singleton
public class FanoutReadiness implements HealthCheck {

    private final LinkHealth link;
    private final SessionRegistry sessions;
    private final RoomHub hub;
    private final String type;

    private final Drain drain;

    FanoutReadiness(LinkHealth link, SessionRegistry sessions, RoomHub hub, RoomcastConfig config, Drain drain) {
        this.drain = drain;
        this.link = link;
        this.sessions = sessions;
        this.hub = hub;
        this.type = config.fanout().type().name().toLowerCase();
    }

    /** What the check reports as UP; also the roomcast_ready gauge, so alerts can see readiness. */
    boolean ready() {
        return link.available() && !drain.isDraining();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("fanout")
                .status(ready())
                .withData("draining", drain.isDraining())
                .withData("type", type)
                .withData("connections", sessions.count())
                .withData("rooms", hub.roomCount());
        long roundTrip = link.roundTripMillis();
        if (roundTrip >= 0 && link.available()) { // a DOWN fan-out has no current round trip, only a stale one
            response.withData("fanout_round_trip_ms", roundTrip);
        }
        return response.build();
    }
}
