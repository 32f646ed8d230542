package dev.roomcast.security;

import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import dev.roomcast.protocol.ClientMessage;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Decides on the upgrade request, before the connection exists, in this order: draining, origin,
 * connection limits, the connect parameters ({@code ?room=a,b}, {@code ?batch=1}), who the client
 * is ({@link Authentication}), then the application's connect hook when one is set ({@link ConnectHookCheck}). A refusal says why in headers, or, with {@code ?refusal=close}, in a close
 * ({@link UpgradeRefusal}), and is counted by reason. What the endpoint needs is left in the user data under
 * {@link Handshake}'s keys.
 */
@Singleton
public class UpgradeGate implements HttpUpgradeCheck {

    private final RoomcastMetrics metrics;
    private final Drain drain;
    private final ConnectionLimits limits;
    private final Authentication authentication;
    private final ConnectHookCheck connectHook;
    private final Set<String> allowedOrigins;

    UpgradeGate(RoomcastMetrics metrics, Drain drain, ConnectionLimits limits, Authentication authentication,
            ConnectHookCheck connectHook, RoomcastConfig config) {
        this.metrics = metrics;
        this.drain = drain;
        this.limits = limits;
        this.authentication = authentication;
        this.connectHook = connectHook;
        this.allowedOrigins = Set.copyOf(config.security().allowedOrigins().orElse(List.of()));
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (drain.isDraining()) { // a load balancer retries elsewhere
            return refuse(context, 503, "draining", "draining: connect to another instance");
        }
        HttpServerRequest request = context.httpRequest();
        String refusal = request.getParam(Handshake.REFUSAL_PARAMETER);
        if (refusal != null) {
            switch (refusal) {
                case "close" -> context.userData().put(Handshake.CLOSE_ON_REFUSAL, true);
                case "http" -> { }
                default -> {
                    return refuse(context, 400, "invalid_refusal", "refusal must be close or http");
                }
            }
        }
        // Browsers always send Origin; a page on another site must not use its visitor's browser to connect.
        String origin = request.getHeader("Origin");
        boolean foreign = !allowedOrigins.isEmpty() && origin != null && !allowedOrigins.contains(origin);
        // Told by a close, the refusal opens a connection: it waits for a place under the limits like any other.
        if (foreign && !UpgradeRefusal.byClose(context, 403)) {
            return refuse(context, 403, "origin", "origin not allowed: " + origin);
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
        ConnectionLimits.Admission admission = limits.reserve(address);
        if (admission.refusal() != null) {
            ConnectionLimits.Refusal limited = admission.refusal();
            return refuse(context, limited.status, limited.reason, limited.message);
        }
        Reservation place = admission.place();
        context.userData().put(Handshake.RESERVATION, place);
        // From here on an HTTP refusal, or a failure, gives the place back at once; a connection opened to be
        // closed keeps it until it closes.
        Uni<CheckResult> decided = foreign ? refuse(context, 403, "origin", "origin not allowed: " + origin)
                : afterLimits(context, request, address);
        return decided.onItemOrFailure().invoke((result, failure) -> {
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
                return refuse(context, 400, "invalid_since", malformed.getMessage());
            }
            context.userData().put(Handshake.SINCE, raw);
        }
        for (String parameter : new String[] { "inbox_since", "broadcast_since" }) {
            List<String> values = request.params().getAll(parameter);
            if (values.isEmpty()) {
                continue;
            }
            try {
                if (values.size() > 1) {
                    throw new IllegalArgumentException(parameter + " is given " + values.size() + " times");
                }
                ClientMessage.Since resumeAt = Handshake.parseStreamSince(parameter, values.get(0));
                context.userData().put(parameter.startsWith("inbox") ? Handshake.INBOX_SINCE : Handshake.BROADCAST_SINCE, resumeAt);
            } catch (IllegalArgumentException malformed) {
                return refuse(context, 400, "invalid_since", malformed.getMessage());
            }
        }
        String batch = request.getParam("batch");
        if (batch != null) {
            switch (batch) {
                case "1", "true" -> context.userData().put(Handshake.BATCH, true);
                case "0", "false" -> { }
                default -> {
                    return refuse(context, 400, "invalid_batch", "batch must be 1 or true (or 0 or false)");
                }
            }
        }
        Uni<CheckResult> identified = authentication.identify(context, address);
        return connectHook.on() ? connectHook.after(context, identified, address) : identified;
    }

    private Uni<CheckResult> refuse(HttpUpgradeContext context, int status, String reason, String message) {
        return UpgradeRefusal.refuse(metrics, context, status, reason, message);
    }
}
