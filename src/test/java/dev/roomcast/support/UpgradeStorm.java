package dev.roomcast.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many WebSocket upgrades at once, from several loopback source addresses (127.0.0.2, .3, ...): every
 * request is written before any response is read, so they are all in flight together. The accepted
 * connections stay open (silent) until {@link #close}.
 */
public final class UpgradeStorm implements AutoCloseable {

    private final List<Socket> sockets = new ArrayList<>();
    private final List<Integer> statuses = new ArrayList<>();

    private UpgradeStorm() {
    }

    /** {@code count} upgrades of {@code ws?query}, spread round-robin over {@code addresses} source addresses. */
    public static UpgradeStorm of(URI ws, String query, int count, int addresses, Map<String, String> headers)
            throws IOException {
        UpgradeStorm storm = new UpgradeStorm();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (2 + i % addresses)), 0));
            socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5_000);
            socket.setSoTimeout(15_000);
            storm.sockets.add(socket);
        }
        for (int i = 0; i < count; i++) {
            storm.sockets.get(i).getOutputStream().write(request(ws, query.replace("{i}", Integer.toString(i)), headers));
        }
        for (Socket socket : storm.sockets) {
            storm.statuses.add(status(socket.getInputStream()));
        }
        return storm;
    }

    /** The HTTP status each upgrade got, in the order sent. */
    public List<Integer> statuses() {
        return statuses;
    }

    public long count(int status) {
        return statuses.stream().filter(s -> s == status).count();
    }

    @Override
    public void close() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static byte[] request(URI ws, String query, Map<String, String> headers) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder("GET " + ws.getRawPath() + "?" + query + " HTTP/1.1\r\n"
                + "Host: " + ws.getHost() + ":" + ws.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        return request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The status code of the response's first line (the rest of the response is left unread). */
    private static int status(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        String[] parts = line.toString().split(" ");
        if (parts.length < 2) {
            throw new IOException("no HTTP status line: '" + line + "'");
        }
        return Integer.parseInt(parts[1]);
    }
}
