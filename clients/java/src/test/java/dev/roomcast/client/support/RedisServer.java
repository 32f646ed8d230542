package dev.roomcast.client.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server process on a free loopback port, for tests with several server instances: Debian's binary
 * when it is on the PATH, else the Linux binary bundled in the embedded-redis jar. No persistence.
 */
public final class RedisServer implements AutoCloseable {

    private final Process process;

    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisServer startOnFreePort() throws IOException {
        int port = Ports.free();
        Path log = Files.createTempFile("redis-" + port + "-", ".log");
        Process process = new ProcessBuilder(binary().toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        RedisServer server = new RedisServer(process, port);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .failFast("redis-server exited; log: " + Files.readString(log), () -> !process.isAlive())
                .until(server::answersPing);
        return server;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] reply = new byte[16];
            int read = socket.getInputStream().read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
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
