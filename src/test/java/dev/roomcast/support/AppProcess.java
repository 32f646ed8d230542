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
    private final boolean isNative;

    private AppProcess(Process process, Path log, int port, boolean isNative) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.isNative = isNative;
    }

    /**
     * How to start the process. {@link #TEST}: the packaged app with the test profile (short heartbeat, small
     * limits), as the other ITs run it. {@link #defaults}: every setting at its production default, with the
     * given JVM options (e.g. {@code -Xmx448m}), as an attacker would meet it.
     */
    public record Launch(Path jar, List<String> jvmOptions, boolean testProfile, List<String> prefix) {

        public static final Path PACKAGED_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
        public static final Launch TEST = new Launch(PACKAGED_JAR, List.of(), true, List.of());

        public static Launch defaults(String... jvmOptions) {
            return new Launch(PACKAGED_JAR, List.of(jvmOptions), false, List.of());
        }

        /** Another jar, e.g. a build from before a fix (the native binary is used only for the packaged jar). */
        public Launch withJar(Path other) {
            return new Launch(other, jvmOptions, testProfile, prefix);
        }

        /** Pinned to these CPUs with taskset (e.g. "0"), so that a load generator keeps its own core. */
        public Launch pinnedTo(String cpus) {
            return new Launch(jar, jvmOptions, testProfile, List.of("taskset", "-c", cpus));
        }
    }

    /**
     * Starts the jar with these system properties and waits until it listens. A free port can be taken by
     * someone else before the process binds it (an outgoing connection's ephemeral port, say): then it is
     * started again on another port, up to three times.
     */
    public static AppProcess start(String name, Map<String, String> config) throws IOException {
        return start(name, config, Launch.TEST);
    }

    /** Starts it as {@code launch} says: which jar, which JVM options, with or without the test profile. */
    public static AppProcess start(String name, Map<String, String> config, Launch launch) throws IOException {
        return start(name, config, launch, Map.of());
    }

    /** With these environment variables too, as Kubernetes passes configuration (the Helm chart's env). */
    public static AppProcess start(String name, Map<String, String> config, Launch launch, Map<String, String> env)
            throws IOException {
        for (int attempt = 1;; attempt++) {
            try {
                return startOnce(name, config, Ports.free(), launch, env);
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw new IllegalStateException(name + " found its port taken three times", e);
                }
            }
        }
    }

    private static AppProcess startOnce(String name, Map<String, String> config, int port, Launch launch,
            Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(launch.prefix());
        String nativeBinary = System.getProperty("native.image.path"); // set by failsafe; exists after -Dnative
        Path jar = launch.jar();
        boolean isNative = jar.equals(Launch.PACKAGED_JAR) && nativeBinary != null
                && Files.isExecutable(Path.of(nativeBinary));
        if (isNative) {
            command.add(nativeBinary);
        } else if (Files.exists(jar)) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        } else {
            throw new IllegalStateException("package the app first: " + jar + " is missing");
        }
        command.addAll(launch.jvmOptions()); // a native binary takes -Xmx and -D the same way
        command.add("-Dquarkus.http.port=" + port);
        if (launch.testProfile()) {
            command.add("-Dquarkus.profile=test");
        }
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (!isNative) {
            command.addAll(List.of("-jar", jar.toString()));
        }
        Path log = Path.of("target", name + ".log");
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        AppProcess app = new AppProcess(process, log, port, isNative);
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

    /** http://127.0.0.1:port, for HTTP calls and raw sockets. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Resident memory (VmRSS from /proc, Linux) in bytes; -1 once the process is gone. */
    public long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between two readings
        }
        return -1;
    }

    /** Heap in use (live and garbage), from the app's own /q/metrics; -1 when it does not answer within 2 s. */
    public long heapUsedBytes() {
        try {
            return (long) Scrape.of(baseUrl(), Duration.ofSeconds(2)).sum("jvm_memory_used_bytes", "area=\"heap\"");
        } catch (RuntimeException noAnswer) {
            return -1;
        }
    }

    /**
     * A full GC in the app (jcmd GC.run, JVM only), so that the heap read next is what is still referenced.
     * False when it could not be done: a native binary, or a JVM that does not answer within 15 s.
     */
    public boolean fullGc() {
        if (isNative || !process.isAlive()) {
            return false;
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!jcmd.waitFor(15, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return false;
            }
            return jcmd.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
