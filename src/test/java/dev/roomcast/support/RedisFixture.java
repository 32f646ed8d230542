package dev.roomcast.support;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * A real Redis and a Vert.x for a test class that builds cluster parts itself (links, fan-outs, presences):
 * {@code @RegisterExtension static final RedisFixture REDIS = new RedisFixture();}. Started before the
 * class's tests, closed after them.
 */
public final class RedisFixture implements BeforeAllCallback, AfterAllCallback {

    private RedisServer server;
    private Vertx vertx;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = RedisServer.startOnFreePort();
        vertx = Vertx.vertx();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        vertx.close();
        server.close();
    }

    public RedisServer server() {
        return server;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** A new client of this Redis (the caller closes it). */
    public Redis client() {
        return Redis.createClient(vertx, server.uri());
    }

    /** One command on a short-lived client of its own, so it never shares the connections under test. */
    public Response command(Request request) {
        Redis client = client();
        try {
            return client.send(request).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("Redis did not answer " + request + ": " + e, e);
        } finally {
            client.close();
        }
    }
}
