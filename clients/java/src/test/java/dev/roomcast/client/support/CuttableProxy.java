package dev.roomcast.client.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder in front of a server, for a client that must go offline and come back: {@link #cut()} drops every
 * connection through it and refuses new ones (the client sees its link die and fails to reconnect), {@link #restore()}
 * listens again on the same port. Plain threads, two per connection: a test has a handful.
 */
public final class CuttableProxy implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    private CuttableProxy(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
    }

    /** A proxy on a free port to 127.0.0.1:{@code targetPort}, listening. */
    public static CuttableProxy to(int targetPort) throws IOException {
        CuttableProxy proxy = new CuttableProxy(Ports.free(), targetPort);
        proxy.restore();
        return proxy;
    }

    /** The server's ws:// URL through this proxy. */
    public String wsUrl() {
        return "ws://127.0.0.1:" + port + "/ws";
    }

    /** Listens again (on the same port) after {@link #cut()}. */
    public synchronized void restore() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = socket;
        Thread accepting = new Thread(() -> accept(socket), "proxy-accept-" + port);
        accepting.setDaemon(true);
        accepting.start();
    }

    /** Drops every connection at once (no close frame: the client sees a dead link) and refuses new ones. */
    public synchronized void cut() throws IOException {
        listener.close();
        for (Socket socket : open) {
            if (socket.isClosed()) {
                continue; // its pump closed it already: the other side went first
            }
            try {
                socket.setSoLinger(true, 0); // a reset, as when a network path dies
            } catch (java.net.SocketException closedMeanwhile) {
                // the pump closed it between the check and here
            }
            socket.close();
        }
        open.clear();
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(server);
                pipe(client, server);
                pipe(server, client);
            } catch (IOException closed) {
                return; // cut
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread copying = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException gone) {
                // cut, or the other side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pipe-" + port);
        copying.setDaemon(true);
        copying.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
