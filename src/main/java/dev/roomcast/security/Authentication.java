package dev.roomcast.security;

import java.util.Set;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.roomcast.config.AuthMode;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.hook.Hooks;
import dev.roomcast.security.jwt.AuthenticationException;
import dev.roomcast.security.jwt.TokenAuthenticator;
import dev.roomcast.session.Identity;
import dev.roomcast.session.RoomGrants;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.quarkus.websockets.next.HttpUpgradeCheck.CheckResult;
import io.quarkus.websockets.next.HttpUpgradeCheck.HttpUpgradeContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who the client is, the last step of the {@link UpgradeGate}: with auth off the {@code ?id=} parameter
 * (or a generated anonymous id); otherwise a bearer token (header, or the query parameter for browsers),
 * verified off the event loop, with 401 and a {@code WWW-Authenticate} challenge when it is missing
 * (required mode) or not accepted. A bad token is never downgraded to anonymous. The names the server itself
 * sends as ({@code roomcast.api.sender}) are reserved: no connection may take one, so a message from one is
 * always the server's.
 */
@Singleton
public class Authentication {

    private static final Logger LOG = Logger.getLogger(Authentication.class);

    private final RoomcastMetrics metrics;
    private final TokenAuthenticator authenticator;
    private final AuthMode mode;
    private final String tokenParameter;
    private final Set<String> reserved;
    private final boolean claimsForHook;

    Authentication(RoomcastMetrics metrics, TokenAuthenticator authenticator, RoomcastConfig config, Hooks hooks) {
        this.claimsForHook = hooks.connectOn();
        this.metrics = metrics;
        this.authenticator = authenticator;
        this.mode = config.auth().mode();
        this.tokenParameter = config.auth().queryParameter();
        this.reserved = Set.of(config.api().sender());
    }

    Uni<CheckResult> identify(HttpUpgradeContext context, String address) {
        HttpServerRequest request = context.httpRequest();
        if (mode == AuthMode.OFF) {
            return withoutAuth(context, request.getParam("id"));
        }
        if (request.getParam("id") != null) {
            return refuse(context, 400, "invalid_id", "the id parameter is not accepted when auth is on: the token's sub is the id");
        }
        String token = token(request);
        if (token == null) {
            return mode == AuthMode.REQUIRED ? unauthorized(context, "unauthenticated", "a bearer token is required", null)
                    : permit(context, authenticator.anonymous());
        }
        return verify(token).onItem().transformToUni(identity -> reserved.contains(identity.user())
                ? unauthorized(context, "invalid_token", reservedMessage("token sub", identity.user()), "invalid_token")
                : permitWithClaims(context, identity, token))
                .onFailure(AuthenticationException.class).recoverWithUni(e -> {
                    LOG.debugf("refused a token from %s: %s", address, e.getMessage());
                    return unauthorized(context, "invalid_token", e.getMessage(), "invalid_token");
                });
    }

    private Uni<CheckResult> withoutAuth(HttpUpgradeContext context, String id) {
        if (id == null) {
            id = "anon-" + UUID.randomUUID();
        } else if (!Identity.USER_ID.matcher(id).matches()) {
            return refuse(context, 400, "invalid_id", "invalid id: use 1-64 letters, digits or _ . : @ -");
        } else if (reserved.contains(id)) {
            return refuse(context, 400, "invalid_id", reservedMessage("id", id));
        }
        return permit(context, new Identity(id, RoomGrants.ALL, 0));
    }

    private static String reservedMessage(String what, String id) {
        return what + " '" + id + "' is reserved: the server sends messages as " + id;
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

    private Uni<CheckResult> permitWithClaims(HttpUpgradeContext context, Identity identity, String token) {
        if (claimsForHook) {
            String claims = TokenClaims.of(token);
            if (claims != null) {
                context.userData().put(Handshake.CLAIMS, claims);
            }
        }
        return permit(context, identity);
    }

    private static Uni<CheckResult> permit(HttpUpgradeContext context, Identity identity) {
        context.userData().put(Handshake.IDENTITY, identity);
        return CheckResult.permitUpgrade();
    }

    private Uni<CheckResult> unauthorized(HttpUpgradeContext context, String reason, String message, String oauthError) {
        return UpgradeRefusal.unauthorized(metrics, context, reason, message, oauthError);
    }

    private Uni<CheckResult> refuse(HttpUpgradeContext context, int status, String reason, String message) {
        return UpgradeRefusal.refuse(metrics, context, status, reason, message);
    }
}
