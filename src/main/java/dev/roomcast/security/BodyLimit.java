package dev.roomcast.security;

import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Bounds request bodies of undeclared length ({@code Transfer-Encoding: chunked}) on every route, as they stream:
 * read here, before any other handler, and refused with 413 {@code content_too_large} (then the connection closed)
 * as soon as they pass {@code quarkus.http.limits.max-body-size}. Quarkus checks only a declared
 * {@code Content-Length} against that setting; a chunked body went on to the REST layer, which buffered it up to
 * the limit, while routes that take no body read and dropped any amount. A body within the limit is kept for the
 * route ({@link #body}), the request then ended. A WebSocket upgrade request takes no body: with a chunked one it
 * is refused at once (400 {@code invalid_upgrade}); Vert.x would read it, and fail the upgrade of an ended request.
 */
@Singleton
public class BodyLimit {

    /** Where a read chunked body waits for the route (the API replays it to RESTEasy). */
    private static final String BODY = "roomcast.chunked-body";
    /** Before every other handler, so no route reads or answers a body before its size is known. */
    private static final int ORDER = Integer.MIN_VALUE + 100;
    /** Quarkus's own default for quarkus.http.limits.max-body-size. */
    private static final long QUARKUS_DEFAULT = 10240 * 1024L;

    private final long limit;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
        this.limit = limit.map(MemorySize::asLongValue).orElse(QUARKUS_DEFAULT);
    }

    void onRouter(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    /** The chunked body read for this request, or null (none, or its length was declared). */
    public static Buffer body(RoutingContext ctx) {
        return ctx.get(BODY);
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded() || !request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            ctx.next();
            return;
        }
        if (request.headers().contains(HttpHeaders.UPGRADE)) {
            refuse(ctx, 400, "invalid_upgrade", "a WebSocket upgrade request takes no body");
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = { false };
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                refused[0] = true;
                refuse(ctx, 413, "content_too_large", "the body is larger than " + limit + " bytes");
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!refused[0]) {
                ctx.put(BODY, body);
                ctx.next();
            }
        });
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            ctx.response().writeContinue();
        }
        request.resume();
    }

    /** In the API's error shape, then close: the rest of the body is never read. */
    private static void refuse(RoutingContext ctx, int status, String code, String message) {
        ctx.request().pause();
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .endHandler(done -> ctx.request().connection().close())
                .end(new JsonObject().put("code", code).put("message", message).encode());
    }
}
