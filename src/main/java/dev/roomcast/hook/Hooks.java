package dev.roomcast.hook;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

import dev.roomcast.config.HooksConfig;
import dev.roomcast.config.InstanceId;
import dev.roomcast.config.HooksConfig.FailurePolicy;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.RawJson;
import dev.roomcast.session.ConnectionLoop;
import dev.roomcast.telemetry.Tracing;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;

/**
 * Asks the application's backend whether a connection, a join or a room message may go ahead (docs/hooks.md),
 * and applies each hook's failure policy to a call that got no usable answer. A hook whose URL is not set is off:
 * callers check {@link #connectOn}, {@link #joinOn} or {@link #publishOn} first, and nothing else runs. The
 * returned futures never fail and complete on the caller's context. Built at start-up so that a hook URL
 * without a secret (or a bad URL) stops the start with a clear message.
 */
@Startup
@Singleton
public class Hooks {

    private final String connectUrl;
    private final String joinUrl;
    private final String publishUrl;
    private final FailurePolicy connectPolicy;
    private final FailurePolicy joinPolicy;
    private final FailurePolicy publishPolicy;
    private final long timeoutMillis;
    private final HookBodies bodies;
    private final HookClient client; // null when every hook is off

    Hooks(Vertx vertx, HooksConfig config, RoomcastConfig roomcast, InstanceId instance, HookMetrics metrics, Tracing tracing) {
        this.connectUrl = url("connect-url", config.connectUrl());
        this.joinUrl = url("join-url", config.joinUrl());
        this.publishUrl = url("publish-url", config.publishUrl());
        this.connectPolicy = config.connectOnFailure();
        this.joinPolicy = config.joinOnFailure();
        this.publishPolicy = config.publishOnFailure();
        this.timeoutMillis = config.timeout().toMillis();
        this.bodies = new HookBodies(instance.value(), Set.of(roomcast.auth().queryParameter()));
        if (connectUrl == null && joinUrl == null && publishUrl == null) {
            this.client = null;
            return;
        }
        String secret = config.secret().filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "roomcast.hooks.secret is required when a hook URL is set: it signs every hook call"));
        if (timeoutMillis < 1 || config.maxInFlight() < 1 || config.poolSize() < 1 || config.maxAnswerBytes() < 1) {
            throw new IllegalStateException("roomcast.hooks.timeout, max-in-flight, pool-size and max-answer-bytes must be "
                    + "positive");
        }
        this.client = new HookClient(vertx, secret, timeoutMillis, config.maxInFlight(), config.poolSize(),
                config.maxAnswerBytes(), metrics, tracing);
    }

    public boolean connectOn() {
        return connectUrl != null;
    }

    public boolean joinOn() {
        return joinUrl != null;
    }

    public boolean publishOn() {
        return publishUrl != null;
    }

    /** After authentication; {@code claims}: the token's payload (null without one). Only when {@link #connectOn}. */
    public Future<HookVerdict> connect(String user, String claims, String address, MultiMap query) {
        return ask(Hook.CONNECT, connectUrl, bodies.connect(user, claims, address, query), connectPolicy);
    }

    /** Before a join; only when {@link #joinOn}. */
    public Future<HookVerdict> join(String user, String room, String connection) {
        return ask(Hook.JOIN, joinUrl, bodies.join(user, room, connection), joinPolicy);
    }

    /** Before a room message from a client; only when {@link #publishOn}. {@code id} may be null. */
    public Future<HookVerdict> publish(String user, String room, String connection, RawJson content, String id) {
        return ask(Hook.PUBLISH, publishUrl, bodies.publish(user, room, connection, content, id), publishPolicy);
    }

    private Future<HookVerdict> ask(Hook hook, String url, byte[] body, FailurePolicy policy) {
        Context context = Vertx.currentContext();
        return ConnectionLoop.resume(context, client.call(hook, url, body)).map(result -> switch (result.outcome()) {
            case ALLOW -> HookVerdict.allowed(result.answer());
            case DENY -> HookVerdict.denied(result.answer());
            case BUSY -> HookVerdict.refused(ErrorCode.HOOK_BUSY,
                    "too many hook calls are open on this instance: try again shortly");
            case FAILED, TIMEOUT -> policy == FailurePolicy.ALLOW ? HookVerdict.ALLOWED
                    : HookVerdict.refused(ErrorCode.HOOK_FAILED, result.outcome() == Outcome.TIMEOUT
                            ? "the application did not answer the " + hook.wire() + " hook within " + timeoutMillis + " ms"
                            : "the application's " + hook.wire() + " hook failed");
        });
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** Null when unset; an absolute http(s) URL otherwise, or start-up stops. */
    private static String url(String key, Optional<String> configured) {
        if (configured.isEmpty() || configured.get().isBlank()) {
            return null;
        }
        String url = configured.get().trim();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("roomcast.hooks." + key + " is not a URL: " + url);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException("roomcast.hooks." + key + " must be an absolute http or https URL: " + url);
        }
        return url;
    }

}
