package dev.roomcast.client.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged Roomcast server as a process of its own on a free port, with the test profile (short heartbeat,
 * small limits) as the server's own ITs run it. The jar is the one the server's build made: the system property
 * {@code roomcast.server.jar}, set by this module's POM (the server's build passes its own path). When the server's
 * build made a native binary instead ({@code -Dnative}), its path comes as {@code roomcast.server.native} and that
 * runs, as the server's own ITs then do.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The native binary the server's build made, or null. */
    private static Path nativeBinary() {
        String path = System.getProperty("roomcast.server.native", "");
        return !path.isEmpty() && Files.isExecutable(Path.of(path)) ? Path.of(path) : null;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("roomcast.server.jar", "../../target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the server first (./mvnw package -DskipTests at the top): " + jar
                    + " is missing");
        }
        return jar;
    }

    /**
     * Starts the jar with these system properties and waits until it listens. A free port can be taken by someone
     * else before the process binds it: then it is started again on another port, up to three times.
     */
    public static ServerProcess start(String name, Map<String, String> config) throws IOException {
        for (int attempt = 1;; attempt++) {
            int port = Ports.free();
            ServerProcess server = startOnce(name, config, port);
            if (server != null) {
                return server;
            }
            if (attempt == 3) {
                throw new IllegalStateException(name + " found its port taken three times");
            }
        }
    }

    /** The server, or null when its port was taken. */
    private static ServerProcess startOnce(String name, Map<String, String> config, int port) throws IOException {
        Path nativeBinary = nativeBinary();
        List<String> command = new ArrayList<>();
        command.add(nativeBinary != null ? nativeBinary.toString() : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.profile=test")); // a native binary takes -D too
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (nativeBinary == null) {
            command.addAll(List.of("-jar", jar().toString()));
        }
        Path log = Path.of("target", name + ".log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcess server = new ServerProcess(process, log, port);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .failFast(name + " exited during start-up", () -> !process.isAlive())
                    .until(() -> server.log().contains("Listening on"));
        } catch (RuntimeException | AssertionError e) {
            server.kill();
            if (server.log().contains("Port " + port + " seems to be in use")) {
                return null;
            }
            throw new IllegalStateException(name + " did not start; log:\n" + server.log(), e);
        }
        return server;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** http://127.0.0.1:port, for HTTP calls. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The WebSocket endpoint as a ws:// URL. */
    public String wsUrl() {
        return "ws://127.0.0.1:" + port + "/ws";
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "<unreadable log: " + e + ">";
        }
    }

    /** Sends a signal (TERM, KILL, STOP, CONT) to the process. */
    public void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: the process gets no chance to clean up. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            signal("CONT"); // a test that froze it and failed before thawing it
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
