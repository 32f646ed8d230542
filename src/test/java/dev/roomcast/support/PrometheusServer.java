package dev.roomcast.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) on a free loopback port, scraping {@code /q/metrics}
 * of the given {@code host:port} targets every second, with its data in a temporary directory. Queries go
 * through its HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final Path work;
    private final String base;

    private PrometheusServer(Process process, Path work, int port) {
        this.process = process;
        this.work = work;
        this.base = "http://127.0.0.1:" + port;
    }

    public static PrometheusServer scraping(List<String> targets) throws IOException {
        Path work = Files.createTempDirectory("prometheus-");
        String quoted = targets.stream().map(t -> '"' + t + '"').collect(Collectors.joining(", "));
        Files.writeString(work.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: roomcast
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: [%s]
                """.formatted(quoted));
        int port = Ports.free();
        Process process;
        try {
            process = new ProcessBuilder("prometheus", "--config.file=" + work.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("prometheus is missing: install Debian's prometheus package (.ci/run does)", e);
        }
        PrometheusServer server = new PrometheusServer(process, work, port);
        try {
            await("prometheus ready on " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .failFast("prometheus exited", () -> !process.isAlive())
                    .until(() -> server.status("/-/ready") == 200);
        } catch (RuntimeException | AssertionError e) {
            String log = server.log();
            server.close();
            throw new IllegalStateException("prometheus did not start; log:\n" + log, e);
        }
        return server;
    }

    /** {@code /api/v1/targets}: data.activeTargets, each with {@code health} ("up") and {@code lastError}. */
    public JsonNode activeTargets() {
        return get("/api/v1/targets").at("/data/activeTargets");
    }

    /**
     * An instant query: the whole answer ({@code status}, {@code data.result}, or {@code error}), whether
     * Prometheus accepted the expression or not.
     */
    public JsonNode query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    public String log() {
        try {
            return Files.readString(work.resolve("prometheus.log"));
        } catch (IOException e) {
            return "<no log: " + e + ">";
        }
    }

    private int status(String path) {
        try {
            return HTTP.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private JsonNode get(String path) {
        try {
            return WsClient.JSON.readTree(HTTP.send(request(path), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
