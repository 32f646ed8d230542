package dev.roomcast.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.security.TokenBucket;
import dev.roomcast.telemetry.ApiMetrics;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Every /api/v1 request passes here first: the API is off (404) without configured keys; then
 * {@code Authorization: Bearer <key>} (401), the key's request rate (429) and the declared body size (413; a
 * chunked body security/BodyLimit already bounded by quarkus.http.limits.max-body-size).
 * The matched key goes on to the resource for the impersonation check.
 */
@Singleton
class ApiGate {

    private static final Logger LOG = Logger.getLogger(ApiGate.class);
    static final String KEY = "roomcast.api.key";
    /** After Quarkus's security filters (-200, -100), before the REST routes. */
    private static final int ORDER = -30;

    private final ApiKeys keys;
    private final ApiMetrics metrics;
    private final TokenBucket[] rates;
    private final long maxBody;

    ApiGate(ApiKeys keys, ApiMetrics metrics, RoomcastConfig config) {
        this.keys = keys;
        this.metrics = metrics;
        this.rates = new TokenBucket[keys.count()];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = new TokenBucket(config.api().requestsPerSecond(), config.api().burst());
        }
        this.maxBody = config.limits().maxContentBytes() + 4096L; // the content, plus id, from and the JSON around
    }

    void onStart(@Observes StartupEvent event) {
        if (keys.none()) {
            LOG.info("HTTP API off: no roomcast.api.keys configured (/api/v1 answers 404)");
        } else {
            LOG.infof("HTTP API on under /api/v1 with %d key(s)", keys.count());
        }
    }

    void onRouter(@Observes Router router) {
        router.route("/api/v1/*").order(ORDER).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        long start = System.nanoTime();
        String endpoint = ApiEndpoint.of(ctx.request().method().name(), ctx.request().path());
        if (keys.none()) {
            refuse(ctx, endpoint, start, 404, "api_off", "the HTTP API is off: no roomcast.api.keys are configured");
            return;
        }
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"roomcast-api\"");
            refuse(ctx, endpoint, start, 401, "unauthenticated", "send Authorization: Bearer <API key>");
            return;
        }
        ApiKeys.Key key = keys.match(authorization.substring(7).trim());
        if (key == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"roomcast-api\", error=\"invalid_token\"");
            refuse(ctx, endpoint, start, 401, "invalid_key", "the API key is not accepted");
            return;
        }
        if (!rates[key.index()].tryTake()) {
            refuse(ctx, endpoint, start, 429, "rate_limited", "over roomcast.api.requests-per-second for this key");
            return;
        }
        if (declaredLength(ctx) > maxBody) {
            // the body is never read: close rather than have Vert.x read and drop whatever length was declared
            ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                    .endHandler(done -> ctx.request().connection().close());
            refuse(ctx, endpoint, start, 413, "content_too_large", "the body is larger than " + maxBody + " bytes");
            return;
        }
        ctx.put(KEY, key);
        ctx.next();
    }

    /** The Content-Length, 0 when absent; an unreadable one counts as too long. */
    private static long declaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void refuse(RoutingContext ctx, String endpoint, long start, int status, String code, String message) {
        metrics.request(endpoint, code, System.nanoTime() - start);
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(new ApiProblem.Body(code, message)));
    }
}
