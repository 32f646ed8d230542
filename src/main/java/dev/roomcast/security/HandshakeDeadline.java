package dev.roomcast.security;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.roomcast.config.RoomcastConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * A deadline for upgrades, not only an idle timeout: an HTTP connection the server has not written to for
 * {@code security.handshake-timeout} is closed (Vert.x's write-idle timeout). A slowloris client that drips
 * a header byte every few seconds is never idle, but it is never answered either, so its connection ends
 * that long after it was accepted. Established WebSockets drop this handler at open (the heartbeat watches
 * them); an HTTP response, once written, restarts the clock for the next request on that connection.
 */
@Singleton
public class HandshakeDeadline implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(HandshakeDeadline.class);

    private final long timeoutMillis;

    HandshakeDeadline(RoomcastConfig config) {
        this.timeoutMillis = config.security().handshakeTimeout().toMillis();
        Duration longestWait = config.fanout().commandTimeout();
        if (timeoutMillis <= longestWait.toMillis()) {
            LOG.warnf("roomcast.security.handshake-timeout (%s) is not above roomcast.fanout.command-timeout (%s): "
                    + "an HTTP API request that waits for Redis that long is closed unanswered", config.security().handshakeTimeout(), longestWait);
        }
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        apply(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        apply(options);
    }

    private void apply(HttpServerOptions options) {
        // The three idle timeouts share one unit, which Quarkus sets for its idle timeout.
        TimeUnit unit = options.getIdleTimeoutUnit();
        options.setWriteIdleTimeout((int) Math.max(1, unit.convert(timeoutMillis, TimeUnit.MILLISECONDS)));
    }
}
