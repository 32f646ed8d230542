package dev.roomcast.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.roomcast.support.Ports;
import dev.roomcast.support.Scrape;

/**
 * One Roomcast server for a load run: the packaged jar, pinned to its own core with taskset,
 * on a loopback port, with the abuse limits lifted (the generator is one address sending fast).
 * Or, for comparison, the bare Vert.x {@link BaselineServer} started the same way.
 */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final String name;
    final int port;
    private final Process process;

    private ServerProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    static ServerProcess start(String name, Path jar, String cpu, Map<String, String> settings) throws Exception {
        int port = Ports.free();
        List<String> command = java(cpu);
        command.addAll(List.of(
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Droomcast.security.max-connections=100000",
                "-Droomcast.security.max-connections-per-address=100000",
                "-Droomcast.security.connections-per-second-per-address=1000000",
                "-Droomcast.security.messages-per-second=1000000", "-Droomcast.security.message-burst=1000000",
                "-Droomcast.limits.max-rooms-per-connection=1000"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        return launch(name, port, command);
    }

    /** The bare Vert.x server of {@link BaselineServer} instead of Roomcast, started the same way. */
    static ServerProcess startBaseline(String name, String cpu) throws Exception {
        int port = Ports.free();
        List<String> command = java(cpu);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BaselineServer.class.getName(),
                String.valueOf(port)));
        return launch(name, port, command);
    }

    /** The JVM, pinned to {@code cpu} when given, with the --server-jvm options. */
    private static List<String> java(String cpu) {
        List<String> command = new ArrayList<>();
        if (cpu != null) {
            command.addAll(List.of("taskset", "-c", cpu));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String extraJvm = System.getProperty("loadgen.server.jvm", "");
        if (!extraJvm.isBlank()) {
            command.addAll(List.of(extraJvm.trim().split("\\s+")));
        }
        return command;
    }

    private static ServerProcess launch(String name, int port, List<String> command) throws Exception {
        Path log = Path.of("target", "loadgen", "server-" + name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(name, port, process);
        server.awaitReady(Duration.ofSeconds(60), log);
        return server;
    }

    long pid() {
        return process.pid();
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    private void awaitReady(Duration timeout, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server " + name + " exited; see " + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling a process that is starting; bounded by the deadline
        }
        throw new IllegalStateException("server " + name + " not ready within " + timeout + "; see " + log);
    }

    /**
     * A full GC in the server (jcmd): memory readings are then of live data, and after a warm-up the
     * collections left over from start-up happen here instead of in a measured step.
     */
    void gc() throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid()), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
            throw new IllegalStateException("jcmd GC.run did not finish");
        }
    }

    /** Heap in use, from the server's own Prometheus endpoint. */
    long heapUsedBytes() {
        return (long) metrics().sum("jvm_memory_used_bytes", "area=\"heap\"");
    }

    /** Total time the server's JVM has spent in GC pauses so far (all collectors), from its Prometheus endpoint. */
    double gcPauseMillis() {
        return metrics().sum("jvm_gc_pause_seconds_sum", "") * 1000;
    }

    /** roomcast_connections_active, or -1 when the server cannot be scraped. */
    long openConnectionsOrMinusOne() {
        try {
            return (long) metrics().value("roomcast_connections_active");
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private Scrape metrics() {
        return Scrape.of("http://127.0.0.1:" + port);
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: the server drains and exits
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
