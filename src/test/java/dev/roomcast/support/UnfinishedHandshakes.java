package dev.roomcast.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Raw TCP connections that start an upgrade request and never finish it (slowloris), and how they end. */
public final class UnfinishedHandshakes {

    private UnfinishedHandshakes() {
    }

    /** A connection to the server of {@code ws} that has sent half an upgrade request. */
    public static Socket open(URI ws) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5_000);
        socket.getOutputStream().write("GET /ws?id=slow HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /**
     * A connection that has sent a whole upgrade request announcing a body it has not sent: Vert.x waits for
     * the body before it answers, and every body byte counts as activity for an idle timeout. The length is within
     * quarkus.http.limits.max-body-size (64 KiB), so Quarkus does not refuse the request at once.
     */
    public static Socket openWithBody(URI ws) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5_000);
        socket.getOutputStream().write(("GET /ws?id=slow HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nContent-Length: 60000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /**
     * Keeps the sockets' unfinished requests going by sending one more byte (of a header or of the body) every
     * {@code everyMillis}: connections that are never idle, but never finish; stopped by
     * {@link ScheduledExecutorService#shutdownNow}.
     */
    public static ScheduledExecutorService drip(List<Socket> sockets, long everyMillis) {
        ScheduledExecutorService dripper = Executors.newSingleThreadScheduledExecutor();
        dripper.scheduleAtFixedRate(() -> {
            for (Socket socket : sockets) {
                try {
                    socket.getOutputStream().write('a');
                } catch (IOException closedByServer) {
                    // what the test waits for
                }
            }
        }, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        return dripper;
    }

    /** Whether the server closed the connection within the time (reading nothing but the end). */
    public static boolean closedWithin(Socket socket, int millis) {
        try {
            socket.setSoTimeout(millis);
            InputStream in = socket.getInputStream();
            while (true) {
                if (in.read() == -1) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
