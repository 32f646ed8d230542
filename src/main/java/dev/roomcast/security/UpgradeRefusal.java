package dev.roomcast.security;

import java.util.List;
import java.util.Map;

import dev.roomcast.telemetry.RoomcastMetrics;
import io.quarkus.websockets.next.HttpUpgradeCheck.CheckResult;
import io.smallrye.mutiny.Uni;

/**
 * How an upgrade is refused: the status, {@code X-Roomcast-Error} with the documented reason code (for
 * clients and load balancers to act on) and {@code X-Roomcast-Error-Message} with a sentence for people.
 * WebSockets Next ends a refused upgrade without a body, so both travel as headers. Each refusal is
 * counted by its reason.
 */
final class UpgradeRefusal {

    static final String CODE = "X-Roomcast-Error";
    static final String MESSAGE = "X-Roomcast-Error-Message";

    private UpgradeRefusal() {
    }

    static Uni<CheckResult> refuse(RoomcastMetrics metrics, int status, String reason, String message) {
        metrics.connectionRejected(reason);
        return CheckResult.rejectUpgrade(status, Map.of(CODE, List.of(reason), MESSAGE, List.of(headerSafe(message))));
    }

    /** 401 with the bearer challenge; {@code oauthError} (RFC 6750) when a token was sent and refused. */
    static Uni<CheckResult> unauthorized(RoomcastMetrics metrics, String reason, String message, String oauthError) {
        metrics.connectionRejected(reason);
        String challenge = oauthError == null ? "Bearer realm=\"roomcast\""
                : "Bearer realm=\"roomcast\", error=\"" + oauthError + "\"";
        return CheckResult.rejectUpgrade(401, Map.of(CODE, List.of(reason), MESSAGE, List.of(headerSafe(message)),
                "WWW-Authenticate", List.of(challenge)));
    }

    /** A message may quote a token's claims or an origin; a header takes printable ASCII only. */
    private static String headerSafe(String message) {
        return message.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
