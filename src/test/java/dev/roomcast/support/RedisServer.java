package dev.roomcast.support;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server process on a free loopback port, for tests: Debian's binary when it is on
 * the PATH, else the Linux binary bundled in the embedded-redis jar. No persistence, so a
 * restart is a Redis that lost everything. Can be stopped and started again on the same port.
 */
public final class RedisServer implements AutoCloseable {

    private final Path binary;
    private final int port;
    private final Path log;
    private Process process;

    private RedisServer(Path binary, int port) throws IOException {
        this.binary = binary;
        this.port = port;
        this.log = Files.createTempFile("redis-" + port + "-", ".log");
    }

    public static RedisServer startOnFreePort() {
        try {
            RedisServer server = new RedisServer(binary(), Ports.free());
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
    }

    /** A server on a free port that is not started yet (for an instance that comes up before its Redis). */
    public static RedisServer notStartedOnFreePort() {
        try {
            return new RedisServer(binary(), Ports.free());
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare redis-server", e);
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts (again) on the same port and waits until it answers PING. */
    public synchronized void start() throws IOException {
        process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Process started = process;
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .failFast("redis-server exited; log: " + Files.readString(log), () -> !started.isAlive())
                .until(this::answersPing);
    }

    /** Stops the process (SIGTERM) and waits for it to exit. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGKILL: Redis dies at once, mid-command, with no chance to answer what it was given. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGSTOP: the process keeps its connections open but answers nothing, like a hung Redis. */
    public void freeze() {
        signal("-STOP");
    }

    /** SIGCONT after {@link #freeze}. */
    public void thaw() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** FLUSHALL: Redis loses every key, as after an empty restart, with its connections left open. */
    public void flushAll() {
        try {
            String reply = inline("FLUSHALL");
            if (!reply.startsWith("+OK")) {
                throw new IllegalStateException("FLUSHALL answered " + reply);
            }
        } catch (IOException e) {
            throw new IllegalStateException("FLUSHALL failed", e);
        }
    }

    /** Redis's {@code used_memory} (INFO memory) in bytes: what all keys and buffers take; -1 when it does not answer. */
    public long usedMemoryBytes() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("INFO memory\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // A bulk reply: "$<length>\r\n" then the text; used_memory is its first field.
            BufferedReader reply = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (String line = reply.readLine(); line != null; line = reply.readLine()) {
                if (line.startsWith("used_memory:")) {
                    return Long.parseLong(line.substring("used_memory:".length()).trim());
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private boolean answersPing() {
        try {
            return inline("PING").startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** An inline command on a connection of its own; the start of the reply. */
    private String inline(String command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] reply = new byte[64];
            int read = socket.getInputStream().read(reply);
            return read > 0 ? new String(reply, 0, read, StandardCharsets.US_ASCII) : "";
        }
    }

    private static Path binary() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return bundledBinary();
    }

    /** The embedded-redis jar ships redis-server builds as resources; pick this machine's. */
    private static Path bundledBinary() throws IOException {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-amd64";
        for (String name : List.of("redis-server-6.2.6-v5-" + arch, "redis-server-6.2.7-" + arch)) {
            try (InputStream in = RedisServer.class.getResourceAsStream("/" + name)) {
                if (in != null) {
                    Path file = Files.createTempFile("redis-server-", "");
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    file.toFile().setExecutable(true);
                    file.toFile().deleteOnExit();
                    return file;
                }
            }
        }
        throw new IOException("no redis-server on the PATH and no bundled binary for " + arch);
    }
}
