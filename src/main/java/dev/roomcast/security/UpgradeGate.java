package dev.roomcast.security;

import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Decides on the upgrade request, before the connection exists, in this order: draining, origin,
 * connection limits, the connect parameters ({@code ?room=a,b}, {@code ?batch=1}), then who the client
 * is ({@link Authentication}). A refusal says why in headers ({@link UpgradeRefusal}) and is counted by reason. What the endpoint needs is left in the user data under {@link Handshake}'s keys.
 */
@Singleton
public class UpgradeGate implements HttpUpgradeCheck {

    private final RoomcastMetrics metrics;
    private final Drain drain;
    private final ConnectionLimits limits;
    private final Authentication authentication;
    private final Set<String> allowedOrigins;

    UpgradeGate(RoomcastMetrics metrics, Drain drain, ConnectionLimits limits, Authentication authentication,
            RoomcastConfig config) {
        this.metrics = metrics;
        this.drain = drain;
        this.limits = limits;
        this.authentication = authentication;
        this.allowedOrigins = Set.copyOf(config.security().allowedOrigins().orElse(List.of()));
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (drain.isDraining()) { // a load balancer retries elsewhere
            return refuse(503, "draining", "draining: connect to another instance");
        }
        HttpServerRequest request = context.httpRequest();
        // Browsers always send Origin; a page on another site must not use its visitor's browser to connect.
        String origin = request.getHeader("Origin");
        if (!allowedOrigins.isEmpty() && origin != null && !allowedOrigins.contains(origin)) {
            return refuse(403, "origin", "origin not allowed: " + origin);
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
        ConnectionLimits.Admission admission = limits.reserve(address);
        if (admission.refusal() != null) {
            ConnectionLimits.Refusal refusal = admission.refusal();
            return refuse(refusal.status, refusal.reason, refusal.message);
        }
        Reservation place = admission.place();
        context.userData().put(Handshake.RESERVATION, place);
        // From here on a refusal, or a failure, gives the place back at once.
        return afterLimits(context, request, address).onItemOrFailure().invoke((result, failure) -> {
            if (failure != null || !result.isUpgradePermitted()) {
                place.release();
            }
        });
    }

    private Uni<CheckResult> afterLimits(HttpUpgradeContext context, HttpServerRequest request, String address) {
        List<String> rooms = request.params().getAll("room");
        if (!rooms.isEmpty()) {
            context.userData().put(Handshake.ROOMS, String.join(",", rooms));
        }
        List<String> since = request.params().getAll("since");
        if (!since.isEmpty()) {
            String raw = String.join(",", since);
            try {
                List<String> named = Handshake.initialRooms(String.join(",", rooms));
                for (String room : Handshake.parseSince(raw).keySet()) {
                    if (!named.contains(room)) {
                        throw new IllegalArgumentException("since names room '" + room + "', which room does not");
                    }
                }
            } catch (IllegalArgumentException malformed) {
                return refuse(400, "invalid_since", malformed.getMessage());
            }
            context.userData().put(Handshake.SINCE, raw);
        }
        String batch = request.getParam("batch");
        if (batch != null) {
            switch (batch) {
                case "1", "true" -> context.userData().put(Handshake.BATCH, true);
                case "0", "false" -> { }
                default -> {
                    return refuse(400, "invalid_batch", "batch must be 1 or true (or 0 or false)");
                }
            }
        }
        return authentication.identify(context, address);
    }

    private Uni<CheckResult> refuse(int status, String reason, String message) {
        return UpgradeRefusal.refuse(metrics, status, reason, message);
    }
}
