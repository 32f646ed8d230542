package dev.roomcast.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Another instance of the packaged application, as its own process on a free port: the native
 * binary when the build made one (-Dnative), else the jar. For tests about several instances and
 * about processes dying.
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private AppProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the jar with these system properties and waits until it listens. A free port can be taken by
     * someone else before the process binds it (an outgoing connection's ephemeral port, say): then it is
     * started again on another port, up to three times.
     */
    public static AppProcess start(String name, Map<String, String> config) throws IOException {
        return start(name, config, List.of());
    }

    /** The same, with these runtime options first (-Xmx, -XX:...; the native binary takes them too). */
    public static AppProcess start(String name, Map<String, String> config, List<String> runtimeOptions) throws IOException {
        for (int attempt = 1;; attempt++) {
            try {
                return startOnce(name, config, runtimeOptions, Ports.free());
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw new IllegalStateException(name + " found its port taken three times", e);
                }
            }
        }
    }

    private static AppProcess startOnce(String name, Map<String, String> config, List<String> runtimeOptions, int port)
            throws IOException {
        List<String> command = new ArrayList<>();
        String nativeBinary = System.getProperty("native.image.path"); // set by failsafe; exists after -Dnative
        boolean isNative = nativeBinary != null && Files.isExecutable(Path.of(nativeBinary));
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (isNative) {
            command.add(nativeBinary);
        } else if (Files.exists(jar)) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        } else {
            throw new IllegalStateException("package the app first: " + jar + " is missing");
        }
        command.addAll(runtimeOptions);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.profile=test");
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (!isNative) {
            command.addAll(List.of("-jar", jar.toString()));
        }
        Path log = Path.of("target", name + ".log");
        Files.deleteIfExists(log);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        AppProcess app = new AppProcess(process, log, port);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .failFast(name + " exited during start-up", () -> !process.isAlive())
                    .until(() -> app.log().contains("Listening on"));
        } catch (RuntimeException | AssertionError e) {
            app.kill();
            if (app.log().contains("Port " + port + " seems to be in use")) {
                throw new PortTaken(e);
            }
            throw new IllegalStateException(name + " did not start; log:\n" + app.log(), e);
        }
        return app;
    }

    /** The port was taken between choosing it and binding it. */
    private static final class PortTaken extends RuntimeException {
        PortTaken(Throwable cause) {
            super(cause);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The WebSocket endpoint as a ws:// URI. */
    public String wsUrl() {
        return "ws://127.0.0.1:" + port + "/ws";
    }

    public URI ws() {
        return URI.create("http://127.0.0.1:" + port + "/ws");
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "<unreadable log: " + e + ">";
        }
    }

    /** The status of a GET on this instance, e.g. /q/health/ready; -1 when it does not answer. */
    public int status(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGTERM, as Kubernetes sends it. */
    public void terminate() {
        process.destroy();
    }

    /** Waits (bounded) for the process to exit and returns its exit code. */
    public int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the process did not exit within " + within);
        }
        return process.exitValue();
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
