package dev.roomcast.support.attacks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Chunked API bodies (issue 25, item 3): concurrent {@code POST /api/v1/rooms/x/messages} with a valid key
 * and {@code Transfer-Encoding: chunked} (no Content-Length to refuse up front), each a JSON body of the
 * given size written in 64 KiB chunks over a raw socket. Before each chunk the client looks whether the
 * server has answered yet, and stops sending when it has: so it tells how much of the body the server took
 * before answering.
 */
public final class ChunkedBodies {

    private static final int CHUNK = 64 * 1024;

    /**
     * One request: the status (-1: no answer, the connection ended or timed out), the body bytes sent, and
     * whether the answer came before the whole body was sent.
     */
    public record Answer(int status, long bytesSent, boolean beforeTheEnd) {
    }

    /** Every request's answer; {@code bodyBytes} is what each would have sent in full. */
    public record Result(long bodyBytes, List<Answer> answers) {

        public Map<Integer, Integer> statuses() {
            Map<Integer, Integer> count = new TreeMap<>();
            answers.forEach(a -> count.merge(a.status(), 1, Integer::sum));
            return count;
        }

        public long mostBytesSent() {
            return answers.stream().mapToLong(Answer::bytesSent).max().orElse(0);
        }

        public long answeredBeforeTheEnd() {
            return answers.stream().filter(Answer::beforeTheEnd).count();
        }

        public String ending() {
            return String.format(Locale.ROOT, "%d chunked bodies of %.1f MiB: statuses %s (-1: no answer); "
                    + "%d answered before their body ended; at most %.2f MiB sent by any", answers.size(),
                    bodyBytes / 1048576.0, statuses(), answeredBeforeTheEnd(), mostBytesSent() / 1048576.0);
        }

        @Override
        public String toString() {
            return ending();
        }
    }

    private ChunkedBodies() {
    }

    public static Result run(int port, String apiKey, int requests, long bodyBytes, Duration limit) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        Queue<Socket> sockets = new ConcurrentLinkedQueue<>();
        // A write blocks while the server does not read: at the limit every socket is closed, which frees it.
        ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor();
        closer.schedule(() -> sockets.forEach(ChunkedBodies::quietly), limit.toMillis(), TimeUnit.MILLISECONDS);
        CountDownLatch go = new CountDownLatch(1);
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    return post(port, apiKey, bodyBytes, deadline, sockets);
                }));
            }
            go.countDown();
            List<Answer> result = new ArrayList<>();
            for (Future<Answer> answer : answers) {
                long left = Math.max(1, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(10);
                result.add(answer.get(left, TimeUnit.NANOSECONDS));
            }
            return new Result(bodyBytes, result);
        } finally {
            closer.shutdownNow();
            sockets.forEach(ChunkedBodies::quietly);
            clients.shutdownNow();
        }
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    private static Answer post(int port, String apiKey, long bodyBytes, long deadline, Queue<Socket> sockets)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            sockets.add(socket);
            socket.setSoTimeout((int) Math.max(1000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST /api/v1/rooms/x/messages HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: Bearer " + apiKey + "\r\nContent-Type: application/json"
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            long sent = 0;
            boolean complete = false;
            try {
                sent += chunk(out, "{\"content\":\"".getBytes(StandardCharsets.US_ASCII));
                byte[] filler = new byte[CHUNK];
                Arrays.fill(filler, (byte) 'x');
                while (sent + CHUNK + 2 <= bodyBytes && in.available() == 0 && System.nanoTime() < deadline) {
                    sent += chunk(out, filler);
                }
                if (in.available() == 0) {
                    sent += chunk(out, "\"}".getBytes(StandardCharsets.US_ASCII));
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    complete = true;
                }
            } catch (IOException cutOff) {
                // the server closed or reset the connection while the body was being sent: read what it said
            }
            int status = status(in);
            return new Answer(status, sent, status > 0 && !complete);
        }
    }

    private static int chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        return data.length;
    }

    /** The status of the response's first line, -1 if none came (EOF, reset or timeout). */
    private static int status(InputStream in) {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
            return line != null && line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
