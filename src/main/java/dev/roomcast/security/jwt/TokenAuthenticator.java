package dev.roomcast.security.jwt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.InvalidJwtException;

import dev.roomcast.config.AuthConfig;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.session.Identity;
import dev.roomcast.session.RoomGrants;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Turns a bearer token into an {@link Identity}. Signature, issuer and audience are checked by
 * SmallRye JWT with the {@code mp.jwt.verify.*} settings (a public key or a JWKS URL); the user id
 * is the token's {@code sub}, and the room grants come from its claims or the configured defaults.
 * May block (a JWKS download), so callers run it off the event loop.
 */
@Singleton
public class TokenAuthenticator {

    private final JWTParser parser;
    private final AuthConfig config;
    private final RoomGrants anonymous;

    TokenAuthenticator(JWTParser parser, RoomcastConfig config) {
        this.parser = parser;
        this.config = config.auth();
        this.anonymous = new RoomGrants(patterns(this.config.anonymousJoin()), patterns(this.config.anonymousPublish()),
                this.config.anonymousBroadcast(), this.config.anonymousPrivate());
    }

    public Identity authenticate(String token) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            throw new AuthenticationException("invalid token: " + reason(e));
        }
        String subject = jwt.getSubject();
        if (subject == null || !Identity.USER_ID.matcher(subject).matches()) {
            throw new AuthenticationException("token sub must be 1-64 letters, digits or _ . : @ -");
        }
        long expiresAt = jwt.getExpirationTime() * 1000;
        // SmallRye allows clock skew on exp; a connection must not start with a token already expired.
        if (expiresAt > 0 && expiresAt <= System.currentTimeMillis()) {
            throw new AuthenticationException("token expired");
        }
        RoomGrants grants = new RoomGrants(
                claimPatterns(jwt, config.joinClaim(), config.defaultJoin()),
                claimPatterns(jwt, config.publishClaim(), config.defaultPublish()),
                claimFlag(jwt, config.broadcastClaim(), config.defaultBroadcast()), true);
        return new Identity(subject, grants, expiresAt);
    }

    /** A connection without a token, in optional mode. */
    public Identity anonymous() {
        return new Identity("anon-" + UUID.randomUUID(), anonymous, 0);
    }

    private static List<String> claimPatterns(JsonWebToken jwt, String claim, List<String> defaults) {
        if (!jwt.containsClaim(claim)) {
            return patterns(defaults);
        }
        Object value = jwt.getClaim(claim);
        List<String> patterns = new ArrayList<>();
        if (value instanceof Collection<?> values) {
            values.forEach(v -> patterns.add(text(v)));
        } else {
            // A single string may list several patterns, like OAuth's space-separated scope.
            patterns.addAll(List.of(text(value).split("[\\s,]+")));
        }
        return patterns;
    }

    private static boolean claimFlag(JsonWebToken jwt, String claim, boolean defaultValue) {
        if (!jwt.containsClaim(claim)) {
            return defaultValue;
        }
        Object value = jwt.getClaim(claim);
        return value == JsonValue.TRUE || Boolean.TRUE.equals(value) || "true".equals(text(value));
    }

    private static String text(Object value) {
        return value instanceof JsonString s ? s.getString() : String.valueOf(value);
    }

    /** The configured pattern list; {@code none} stands for the empty list, which config cannot express. */
    static List<String> patterns(List<String> configured) {
        return configured.size() == 1 && "none".equals(configured.get(0)) ? List.of() : configured;
    }

    /** Why the verifier refused, without echoing the token's claims (jose4j's own message starts with them). */
    private static String reason(ParseException e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof InvalidJwtException invalid && !invalid.getErrorDetails().isEmpty()) {
            return invalid.getErrorDetails().stream().map(ErrorCodeValidator.Error::getErrorMessage)
                    .collect(Collectors.joining("; "));
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
