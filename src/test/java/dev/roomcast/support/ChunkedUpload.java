package dev.roomcast.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP/1.1 request with a {@code Transfer-Encoding: chunked} body on a plain socket, the answer read on a thread
 * of its own while the body goes out. How much of the body had been sent when the answer came shows whether the
 * server waited for all of it; the sender stops at the answer (or when the server closes).
 */
public final class ChunkedUpload {

    /** The answer, and how many body bytes were sent before its first byte came (of {@code bodyBytes}). */
    public record Answer(int status, String head, String body, long sentBeforeAnswer, long bodyBytes, boolean closed) {
        public boolean cameBeforeTheWholeBody() {
            return sentBeforeAnswer < bodyBytes;
        }

        @Override
        public String toString() {
            return status + " after " + sentBeforeAnswer + " of " + bodyBytes + " body bytes" + (closed ? ", closed" : "")
                    + ": " + body;
        }
    }

    private final URI base;
    private final String head;
    private Duration pause = Duration.ZERO;

    private ChunkedUpload(URI base, String head) {
        this.base = base;
        this.head = head;
    }

    /** {@code request} is the request line and any headers, e.g. "POST /api/v1/broadcast\r\nAuthorization: …". */
    public static ChunkedUpload to(URI base, String request) {
        return new ChunkedUpload(base, request);
    }

    /** Waits this long between chunks (a slow sender); the wait ends early when the answer comes. */
    public ChunkedUpload pause(Duration between) {
        this.pause = between;
        return this;
    }

    /** Sends {@code body} in chunks of {@code chunkBytes}, then the last chunk, and returns the answer. */
    public Answer send(byte[] body, int chunkBytes) throws IOException {
        return send(body.length, chunkBytes, (offset, length) -> Arrays.copyOfRange(body, offset, offset + length));
    }

    /** Sends {@code bodyBytes} of filler ('x') in chunks of {@code chunkBytes}. */
    public Answer sendFiller(long bodyBytes, int chunkBytes) throws IOException {
        byte[] chunk = new byte[chunkBytes];
        Arrays.fill(chunk, (byte) 'x');
        return send(bodyBytes, chunkBytes, (offset, length) -> length == chunkBytes ? chunk : Arrays.copyOf(chunk, length));
    }

    private interface Slicer {
        byte[] slice(int offset, int length);
    }

    private Answer send(long bodyBytes, int chunkBytes, Slicer slicer) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            AtomicLong sent = new AtomicLong();
            CountDownLatch answered = new CountDownLatch(1);
            CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(() -> read(socket, sent, answered, bodyBytes),
                    runnable -> new Thread(runnable, "chunked-upload-reader").start());
            OutputStream out = socket.getOutputStream();
            try {
                String[] lines = head.split("\r\n", 2);
                out.write((lines[0] + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nTransfer-Encoding: chunked\r\n"
                        + (lines.length > 1 ? lines[1] + "\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
                while (sent.get() < bodyBytes && answered.getCount() > 0) {
                    int length = (int) Math.min(chunkBytes, bodyBytes - sent.get());
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(slicer.slice((int) Math.min(sent.get(), Integer.MAX_VALUE), length));
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    sent.addAndGet(length);
                    if (!pause.isZero()) {
                        answered.await(pause.toNanos(), TimeUnit.NANOSECONDS); // a slow sender, done early at the answer
                    }
                }
                if (answered.getCount() > 0) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException closedByTheServer) {
                // the answer (read below) says why
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return answer.get(30, TimeUnit.SECONDS);
        } catch (Exception failed) {
            throw new IOException("no answer to " + head.lines().findFirst().orElse(head) + ": " + failed, failed);
        }
    }

    private static Answer read(Socket socket, AtomicLong sent, CountDownLatch answered, long bodyBytes) {
        try {
            InputStream in = socket.getInputStream();
            int first = in.read();
            if (first == -1) {
                throw new IOException("closed without an answer after " + sent.get() + " body bytes");
            }
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.write(first);
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b == -1) {
                    throw new IOException("closed within the answer's head: " + head);
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.startsWith("HTTP/1.1 100")) { // Continue: not the answer, which follows; the body goes on meanwhile
                return read(socket, sent, answered, bodyBytes);
            }
            long before = sent.get();
            answered.countDown();
            byte[] body = in.readNBytes(contentLength(text));
            boolean closed;
            socket.setSoTimeout(3_000);
            try {
                closed = in.read() == -1;
            } catch (java.net.SocketTimeoutException keptAlive) {
                closed = false;
            } catch (IOException reset) {
                closed = true;
            }
            return new Answer(Integer.parseInt(text.substring(9, 12)), text, new String(body, StandardCharsets.UTF_8), before,
                    bodyBytes, closed);
        } catch (IOException e) {
            answered.countDown();
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }
}
