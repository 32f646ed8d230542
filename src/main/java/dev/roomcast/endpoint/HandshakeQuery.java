package dev.roomcast.endpoint;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.roomcast.auth.AuthenticationException;
import dev.roomcast.auth.Identity;
import dev.roomcast.auth.RoomGrants;
import dev.roomcast.auth.TokenAuthenticator;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.config.RoomcastConfig.AuthMode;
import dev.roomcast.lifecycle.Drain;
import dev.roomcast.security.ConnectionLimits;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Decides on the upgrade request, before the connection exists: draining, origin, connection
 * limits, then who the client is (token or {@code ?id=}), which rooms ({@code ?room=a,b}) it
 * joins at once and whether it takes batched frames ({@code ?batch=1}). A refusal carries an
 * {@code X-Roomcast-Error} header saying why.
 */
@Singleton
public class HandshakeQuery implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(HandshakeQuery.class);

    /** The connection's identity, for its user data. */
    public static final TypedKey<Identity> IDENTITY = new TypedKey<>("roomcast.identity");
    /** The client's address (as the upgrade request saw it), for the per-address limits. */
    public static final TypedKey<String> ADDRESS = TypedKey.forString("roomcast.address");
    /** The raw {@code room} parameter values, comma separated. */
    public static final TypedKey<String> ROOMS = TypedKey.forString("roomcast.rooms");
    /** Present when the client asked for batched frames. */
    public static final TypedKey<Boolean> BATCH = TypedKey.forBoolean("roomcast.batch");

    private final RoomcastMetrics metrics;
    private final Drain drain;
    private final ConnectionLimits limits;
    private final TokenAuthenticator authenticator;
    private final Set<String> allowedOrigins;
    private final AuthMode authMode;
    private final String tokenParameter;

    HandshakeQuery(RoomcastMetrics metrics, Drain drain, ConnectionLimits limits, TokenAuthenticator authenticator,
            RoomcastConfig config) {
        this.metrics = metrics;
        this.drain = drain;
        this.limits = limits;
        this.authenticator = authenticator;
        this.allowedOrigins = Set.copyOf(config.security().allowedOrigins().orElse(List.of()));
        this.authMode = config.auth().mode();
        this.tokenParameter = config.auth().queryParameter();
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
        ConnectionLimits.Refusal refusal = limits.check(address);
        if (refusal != null) {
            return refuse(refusal.status, refusal.reason, refusal.message);
        }
        List<String> rooms = request.params().getAll("room");
        if (!rooms.isEmpty()) {
            context.userData().put(ROOMS, String.join(",", rooms));
        }
        context.userData().put(ADDRESS, address);
        String batch = request.getParam("batch");
        if (batch != null) {
            switch (batch) {
                case "1", "true" -> context.userData().put(BATCH, true);
                case "0", "false" -> { }
                default -> {
                    return refuse(400, "invalid_batch", "batch must be 1 or true (or 0 or false)");
                }
            }
        }
        if (authMode == AuthMode.OFF) {
            return withoutAuth(context, request.getParam("id"));
        }
        if (request.getParam("id") != null) {
            return refuse(400, "invalid_id", "the id parameter is not accepted when auth is on: the token's sub is the id");
        }
        String token = token(request);
        if (token == null) {
            return authMode == AuthMode.REQUIRED ? unauthorized("unauthenticated", "a bearer token is required", null)
                    : permit(context, authenticator.anonymous());
        }
        return verify(token).onItem().transformToUni(identity -> permit(context, identity))
                .onFailure(AuthenticationException.class).recoverWithUni(e -> {
                    LOG.debugf("refused a token from %s: %s", address, e.getMessage());
                    return unauthorized("invalid_token", e.getMessage(), "invalid_token");
                });
    }

    private Uni<CheckResult> withoutAuth(HttpUpgradeContext context, String id) {
        if (id == null) {
            id = "anon-" + UUID.randomUUID();
        } else if (!Identity.USER_ID.matcher(id).matches()) {
            return refuse(400, "invalid_id", "invalid id: use 1-64 letters, digits or _ . : @ -");
        }
        return permit(context, new Identity(id, RoomGrants.ALL, 0));
    }

    /** Verification may fetch keys (JWKS), so it runs on a worker; the result comes back on this event loop. */
    private Uni<Identity> verify(String token) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> authenticator.authenticate(token));
        }
        return Uni.createFrom().completionStage(
                () -> context.executeBlocking(() -> authenticator.authenticate(token), false).toCompletionStage());
    }

    /** {@code Authorization: Bearer} first; browsers, which cannot set headers on a WebSocket, use the query. */
    private String token(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return request.getParam(tokenParameter);
    }

    private static Uni<CheckResult> permit(HttpUpgradeContext context, Identity identity) {
        context.userData().put(IDENTITY, identity);
        return CheckResult.permitUpgrade();
    }

    private Uni<CheckResult> unauthorized(String reason, String message, String oauthError) {
        metrics.connectionRejected(reason);
        String challenge = oauthError == null ? "Bearer realm=\"roomcast\""
                : "Bearer realm=\"roomcast\", error=\"" + oauthError + "\"";
        return CheckResult.rejectUpgrade(401,
                Map.of("X-Roomcast-Error", List.of(headerSafe(message)), "WWW-Authenticate", List.of(challenge)));
    }

    private Uni<CheckResult> refuse(int status, String reason, String message) {
        metrics.connectionRejected(reason);
        return CheckResult.rejectUpgrade(status, Map.of("X-Roomcast-Error", List.of(message)));
    }

    /** A verifier's message may quote the token's claims; a header takes printable ASCII only. */
    private static String headerSafe(String message) {
        return message.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** The rooms named at connect, in order, without blanks. */
    public static List<String> initialRooms(String rawRooms) {
        if (rawRooms == null) {
            return List.of();
        }
        return Pattern.compile(",").splitAsStream(rawRooms).map(String::trim).filter(r -> !r.isEmpty()).toList();
    }
}
