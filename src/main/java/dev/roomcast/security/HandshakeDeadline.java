package dev.roomcast.security;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.roomcast.config.RoomcastConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;

/**
 * A deadline for upgrades, not only an idle timeout: an HTTP connection the server has not written to for
 * {@code security.handshake-timeout} is closed (Vert.x's write-idle timeout). A slowloris client that drips
 * the body its upgrade announced is never idle, but it is never answered either, so its connection ends that
 * long after it was accepted. Established WebSockets drop this handler at open (the heartbeat watches them).
 * <p>
 * The write clock runs from the last write, so on a kept-alive connection it would count the quiet time
 * before a request against that request's answer; every plain HTTP request therefore restarts it when its
 * head arrives: a request has the whole deadline to be answered.
 */
@Singleton
public class HandshakeDeadline implements HttpServerOptionsCustomizer {

    /** Before every other filter of ours, so no work on a request runs on the previous request's clock. */
    private static final int ORDER = -1000;

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

    void onRouter(@Observes Router router) {
        router.route().order(ORDER).handler(ctx -> {
            if (!ctx.request().headers().contains(HttpHeaders.UPGRADE)) { // an upgrade keeps the clock from accept
                restartClock(ctx.request().connection());
            }
            ctx.next();
        });
    }

    /** Replaces the connection's idle handler with a fresh one of the same timeouts: the clocks start now. */
    private static void restartClock(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base)) {
            return; // HTTP/2 (off here) multiplexes requests on one connection: no per-request clock
        }
        ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
        IdleStateHandler idle = pipeline.get(IdleStateHandler.class);
        if (idle != null && idle.getWriterIdleTimeInMillis() > 0) {
            pipeline.replace(idle, pipeline.context(idle).name(), new IdleStateHandler(idle.getReaderIdleTimeInMillis(),
                    idle.getWriterIdleTimeInMillis(), idle.getAllIdleTimeInMillis(), TimeUnit.MILLISECONDS));
        }
    }

    private void apply(HttpServerOptions options) {
        // The three idle timeouts share one unit, which Quarkus sets for its idle timeout.
        TimeUnit unit = options.getIdleTimeoutUnit();
        options.setWriteIdleTimeout((int) Math.max(1, unit.convert(timeoutMillis, TimeUnit.MILLISECONDS)));
    }
}
