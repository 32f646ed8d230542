package dev.roomcast.delivery;

import java.lang.reflect.Method;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;

/**
 * Reaches the Vert.x socket behind a WebSockets Next connection. Quarkus does not expose it, but
 * only the socket can write a pre-encoded frame, which is what lets one room message be encoded
 * once and shared by every recipient ({@code sendText(String)} re-encodes per call).
 * If a Quarkus upgrade removes the method, start-up fails loudly here rather than degrading silently.
 */
@RegisterForReflection(classNames = VertxSockets.CONNECTION_BASE, methods = true)
public final class VertxSockets {

    static final String CONNECTION_BASE = "io.quarkus.websockets.next.runtime.WebSocketConnectionBase";

    /** Plain reflection (registered above) rather than a method handle: the safest form in a native image. */
    private static final Method WEB_SOCKET = find();

    private VertxSockets() {
    }

    public static WebSocketBase of(WebSocketConnection connection) {
        try {
            return (WebSocketBase) WEB_SOCKET.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach the Vert.x socket of " + connection, e);
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
