package dev.roomcast.client.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** One scrape of a server's /q/metrics, as Prometheus sees it: series text → value. */
public final class Scrape {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Map<String, Double> series = new HashMap<>();

    private Scrape(String text) {
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int exemplar = line.indexOf(" # "); // OpenMetrics exemplar: "# {trace_id=...} value timestamp"
            String sample = exemplar < 0 ? line : line.substring(0, exemplar);
            int space = sample.lastIndexOf(' ');
            series.put(sample.substring(0, space), Double.parseDouble(sample.substring(space + 1)));
        }
    }

    /** {@code base} is http://host:port. */
    public static Scrape of(String base) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/q/metrics answered " + response.statusCode());
            }
            return new Scrape(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("no metrics from " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of a series such as {@code roomcast_connections_total{outcome="rejected",reason="invalid_id"}}; 0 when absent. */
    public double value(String seriesName) {
        return series.getOrDefault(seriesName, 0.0);
    }

    /** How much a series grew since {@code before}. */
    public double since(Scrape before, String seriesName) {
        return value(seriesName) - before.value(seriesName);
    }
}
