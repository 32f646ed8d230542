package dev.roomcast.endpoint;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.lifecycle.Drain;
import dev.roomcast.security.ConnectionLimits;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads the upgrade request's query before the connection exists: {@code ?id=} names the user
 * (a generated {@code anon-...} id when absent) and {@code ?room=a,b} lists rooms to join at once.
 * An invalid id refuses the upgrade with 400 and an {@code X-Roomcast-Error} header saying why.
 */
@Singleton
public class HandshakeQuery implements HttpUpgradeCheck {

    private final RoomcastMetrics metrics;
    private final Drain drain;
    private final ConnectionLimits limits;
    private final Set<String> allowedOrigins;

    HandshakeQuery(RoomcastMetrics metrics, Drain drain, ConnectionLimits limits, RoomcastConfig config) {
        this.metrics = metrics;
        this.drain = drain;
        this.limits = limits;
        this.allowedOrigins = Set.copyOf(config.security().allowedOrigins().orElse(List.of()));
    }

    /** The user id, for the connection's user data. */
    public static final TypedKey<String> USER = TypedKey.forString("roomcast.user");
    /** The client's address (as the upgrade request saw it), for the per-address limits. */
    public static final TypedKey<String> ADDRESS = TypedKey.forString("roomcast.address");
    /** The raw {@code room} parameter values, comma separated. */
    public static final TypedKey<String> ROOMS = TypedKey.forString("roomcast.rooms");

    /** Letters, digits and {@code _ . : @ -}, 1 to 64 characters. */
    public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");

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
        ConnectionLimits.Refusal refusal = limits.check(address);
        if (refusal != null) {
            return refuse(refusal.status, refusal.reason, refusal.message);
        }
        context.userData().put(ADDRESS, address);
        String id = request.getParam("id");
        if (id == null) {
            id = "anon-" + UUID.randomUUID();
        } else if (!USER_ID.matcher(id).matches()) {
            return refuse(400, "invalid_id", "invalid id: use 1-64 letters, digits or _ . : @ -");
        }
        context.userData().put(USER, id);
        List<String> rooms = request.params().getAll("room");
        if (!rooms.isEmpty()) {
            context.userData().put(ROOMS, String.join(",", rooms));
        }
        return CheckResult.permitUpgrade();
    }

    private Uni<CheckResult> refuse(int status, String reason, String message) {
        metrics.connectionRejected(reason);
        return CheckResult.rejectUpgrade(status, Map.of("X-Roomcast-Error", List.of(message)));
    }

    /** The rooms named at connect, in order, without blanks. */
    public static List<String> initialRooms(String rawRooms) {
        if (rawRooms == null) {
            return List.of();
        }
        return Pattern.compile(",").splitAsStream(rawRooms).map(String::trim).filter(r -> !r.isEmpty()).toList();
    }
}
