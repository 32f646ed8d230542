package dev.roomcast.delivery;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.websockets.next.WebSocketConnection;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.impl.WebSocketInternal;

/**
 * Reaches the Vert.x socket behind a WebSockets Next connection. Quarkus does not expose it, but
 * only the socket can write a pre-encoded frame, which is what lets one room message be encoded
 * once and shared by every recipient ({@code sendText(String)} re-encodes per call).
 * If a Quarkus upgrade removes the method, start-up fails loudly here rather than degrading silently.
 */
@RegisterForReflection(classNames = { VertxSockets.CONNECTION_BASE, VertxSockets.WEB_WRAPPER }, methods = true, fields = true)
public final class VertxSockets {

    static final String CONNECTION_BASE = "io.quarkus.websockets.next.runtime.WebSocketConnectionBase";
    /** Vert.x Web wraps the server socket; the Netty channel is on the socket inside. */
    static final String WEB_WRAPPER = "io.vertx.ext.web.impl.ServerWebSocketWrapper";

    /** Plain reflection (registered above) rather than a method handle: the safest form in a native image. */
    private static final Method WEB_SOCKET = find();
    private static final Field DELEGATE = findDelegate();

    private VertxSockets() {
    }

    public static WebSocketBase of(WebSocketConnection connection) {
        try {
            return (WebSocketBase) WEB_SOCKET.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach the Vert.x socket of " + connection, e);
        }
    }

    /**
     * The Netty channel context of the connection's socket, where Roomcast writes pre-framed bytes
     * (see {@link SharedFrame}); Vert.x's own writes go through the same context.
     */
    public static ChannelHandlerContext channelContext(WebSocketBase socket) {
        ChannelHandlerContext vertx = vertxContext(socket);
        ChannelPipeline pipeline = vertx.pipeline();
        // The HTTP idle timeout's handler wraps every write in a new promise and listener; a WebSocket's
        // liveness is the heartbeat's job (4001), and the heartbeat's pings would reset it anyway.
        IdleStateHandler idle = pipeline.get(IdleStateHandler.class);
        if (idle != null) {
            pipeline.remove(idle);
        }
        // Pre-framed bytes need no frame encoder: writing from the encoder's own context starts past it.
        ChannelHandlerContext encoder = pipeline.context(WebSocketFrameEncoder.class);
        return encoder != null ? encoder : vertx;
    }

    /** Puts {@code handler} in the socket's pipeline right after the WebSocket frame decoder: it sees every frame first. */
    public static void addAfterFrameDecoder(WebSocketBase socket, String name, ChannelHandler handler) {
        ChannelPipeline pipeline = vertxContext(socket).pipeline();
        ChannelHandlerContext decoder = pipeline.context(WebSocketFrameDecoder.class);
        if (decoder == null) {
            throw new IllegalStateException("no WebSocket frame decoder in " + pipeline.names());
        }
        pipeline.addAfter(decoder.name(), name, handler);
    }

    private static ChannelHandlerContext vertxContext(WebSocketBase socket) {
        try {
            Object inner = DELEGATE.getDeclaringClass().isInstance(socket) ? DELEGATE.get(socket) : socket;
            return ((WebSocketInternal) inner).channelHandlerContext();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach the Netty channel of " + socket, e);
        }
    }

    private static Field findDelegate() {
        try {
            Field field = Class.forName(WEB_WRAPPER).getDeclaredField("delegate");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("This Vert.x version no longer has " + WEB_WRAPPER
                    + ".delegate; Roomcast's frame writer must be updated: " + e);
        }
    }

    private static Method find() {
        try {
            Method method = Class.forName(CONNECTION_BASE).getDeclaredMethod("webSocket");
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("This Quarkus version no longer has "
                    + CONNECTION_BASE + ".webSocket(); Roomcast's frame writer must be updated: " + e);
        }
    }
}
