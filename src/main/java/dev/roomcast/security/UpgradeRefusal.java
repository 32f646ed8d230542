package dev.roomcast.security;

import java.util.List;
import java.util.Map;

import dev.roomcast.protocol.CloseCode;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.quarkus.websockets.next.HttpUpgradeCheck.CheckResult;
import io.quarkus.websockets.next.HttpUpgradeCheck.HttpUpgradeContext;
import io.smallrye.mutiny.Uni;

/**
 * How an upgrade is refused: the status, {@code X-Roomcast-Error} with the documented reason code (for
 * clients and load balancers to act on) and {@code X-Roomcast-Error-Message} with a sentence for people.
 * WebSockets Next ends a refused upgrade without a body, so both travel as headers. Each refusal is
 * counted by its reason.
 * <p>
 * A browser sees none of that (its WebSocket API hides the response), so a client that connects with
 * {@code ?refusal=close} learns a refusal that retrying cannot fix (400, 401, 403) from a close instead: the
 * upgrade is permitted with {@link Handshake#REFUSED} in the user data, and the endpoint closes the connection
 * as it opens with {@code CloseCode.forRefusal(status)} and the reason {@code "<reason code>: <message>"}.
 * The connection keeps its place under the caps until it is closed. Retryable refusals (429, 503) stay HTTP:
 * opening a connection would spend what they protect.
 */
final class UpgradeRefusal {

    static final String CODE = "X-Roomcast-Error";
    static final String MESSAGE = "X-Roomcast-Error-Message";

    private UpgradeRefusal() {
    }

    static Uni<CheckResult> refuse(RoomcastMetrics metrics, HttpUpgradeContext context, int status, String reason,
            String message) {
        return refuse(metrics, context, status, reason, reason, message);
    }

    /** Counted as {@code countedAs}: a reason from elsewhere (a hook backend's code) must not grow the label set. */
    static Uni<CheckResult> refuse(RoomcastMetrics metrics, HttpUpgradeContext context, int status, String reason,
            String countedAs, String message) {
        metrics.connectionRejected(countedAs);
        if (byClose(context, status)) {
            return closeAtOpen(context, status, reason, message);
        }
        return CheckResult.rejectUpgrade(status, Map.of(CODE, List.of(reason), MESSAGE, List.of(headerSafe(message))));
    }

    /** 401 with the bearer challenge; {@code oauthError} (RFC 6750) when a token was sent and refused. */
    static Uni<CheckResult> unauthorized(RoomcastMetrics metrics, HttpUpgradeContext context, String reason, String message,
            String oauthError) {
        metrics.connectionRejected(reason);
        if (byClose(context, 401)) {
            return closeAtOpen(context, 401, reason, message);
        }
        String challenge = oauthError == null ? "Bearer realm=\"roomcast\""
                : "Bearer realm=\"roomcast\", error=\"" + oauthError + "\"";
        return CheckResult.rejectUpgrade(401, Map.of(CODE, List.of(reason), MESSAGE, List.of(headerSafe(message)),
                "WWW-Authenticate", List.of(challenge)));
    }

    /** Whether this refusal is told by a close: the client asked for it, and retrying cannot fix the refusal. */
    static boolean byClose(HttpUpgradeContext context, int status) {
        return context.userData().get(Handshake.CLOSE_ON_REFUSAL) != null && CloseCode.forRefusal(status) != null;
    }

    private static Uni<CheckResult> closeAtOpen(HttpUpgradeContext context, int status, String reason, String message) {
        context.userData().put(Handshake.REFUSED,
                new Handshake.Refused(CloseCode.forRefusal(status), reason + ": " + headerSafe(message)));
        return CheckResult.permitUpgrade();
    }

    /** A message may quote a token's claims or an origin; a header (and a close reason) takes printable ASCII only. */
    private static String headerSafe(String message) {
        return message.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
