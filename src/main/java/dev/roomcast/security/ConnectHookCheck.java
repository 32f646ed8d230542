package dev.roomcast.security;

import jakarta.inject.Singleton;

import dev.roomcast.hook.HookVerdict;
import dev.roomcast.hook.Hooks;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.session.Identity;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.quarkus.websockets.next.HttpUpgradeCheck.CheckResult;
import io.quarkus.websockets.next.HttpUpgradeCheck.HttpUpgradeContext;
import io.smallrye.mutiny.Uni;

/**
 * The connect hook, after authentication (only when {@code roomcast.hooks.connect-url} is set): the upgrade waits,
 * without blocking, for the backend. Allowed, the connection gets the backend's room grants when it gave some;
 * denied, the upgrade is refused with 403 and {@code hook:<code>} (a close with {@code ?refusal=close}); a failed
 * call under the deny policy or too many open calls give 503 {@code hook_failed} or {@code hook_busy}.
 */
@Singleton
class ConnectHookCheck {

    private final Hooks hooks;
    private final RoomcastMetrics metrics;

    ConnectHookCheck(Hooks hooks, RoomcastMetrics metrics) {
        this.hooks = hooks;
        this.metrics = metrics;
    }

    boolean on() {
        return hooks.connectOn();
    }

    Uni<CheckResult> after(HttpUpgradeContext context, Uni<CheckResult> identified, String address) {
        return identified.onItem().transformToUni(result -> {
            if (!result.isUpgradePermitted() || context.userData().get(Handshake.REFUSED) != null) {
                return Uni.createFrom().item(result);
            }
            Identity identity = context.userData().get(Handshake.IDENTITY);
            String claims = context.userData().get(Handshake.CLAIMS);
            context.userData().remove(Handshake.CLAIMS);
            return Uni.createFrom()
                    .completionStage(() -> hooks.connect(identity.user(), claims, address, context.httpRequest().params())
                            .toCompletionStage())
                    .onItem().transformToUni(verdict -> decide(context, identity, verdict, result));
        });
    }

    private Uni<CheckResult> decide(HttpUpgradeContext context, Identity identity, HookVerdict verdict, CheckResult permitted) {
        if (verdict.allowed()) {
            if (verdict.join() != null || verdict.publish() != null) {
                context.userData().put(Handshake.IDENTITY, new Identity(identity.user(),
                        identity.grants().withRooms(verdict.join(), verdict.publish()), identity.expiresAtMillis()));
            }
            return Uni.createFrom().item(permitted);
        }
        if (verdict.refusal() == ErrorCode.HOOK_DENIED) {
            return UpgradeRefusal.refuse(metrics, context, 403, verdict.code(), ErrorCode.HOOK_DENIED.wire(), verdict.message());
        }
        return UpgradeRefusal.refuse(metrics, context, 503, verdict.code(), verdict.message());
    }
}
