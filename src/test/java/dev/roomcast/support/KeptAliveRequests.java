package dev.roomcast.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** HTTP/1.1 GETs sent one after another, with a pause between them, on one kept-alive TCP connection. */
public final class KeptAliveRequests implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final byte[] request;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();

    private KeptAliveRequests(Socket socket, String path) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        socket.setSoTimeout(5_000);
    }

    /** A connection to the server of {@code base} that will ask for {@code path}. */
    public static KeptAliveRequests open(URI base, String path) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        return new KeptAliveRequests(socket, path);
    }

    /** Sends the request {@code pauseMillis} from now and returns the answer's status (read within 5 s). */
    public int next(long pauseMillis) throws IOException {
        sender.schedule(() -> {
            try {
                socket.getOutputStream().write(request);
            } catch (IOException closed) {
                // the read below reports it
            }
        }, pauseMillis, TimeUnit.MILLISECONDS);
        String head = readHead();
        int status = Integer.parseInt(head.substring(9, 12));
        skipBody(contentLength(head));
        return status;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0; // of "\r\n\r\n"
        while (matched < 4) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("the server closed the kept-alive connection after: " + head);
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        throw new IllegalStateException("no content-length in " + head);
    }

    private void skipBody(int length) throws IOException {
        if (in.readNBytes(length).length != length) {
            throw new IOException("the server closed the connection within a response body");
        }
    }

    @Override
    public void close() throws IOException {
        sender.shutdownNow();
        socket.close();
    }
}
