package dev.roomcast.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

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
