package dev.roomcast.support;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** One scrape of /q/metrics over HTTP, as Prometheus sees it: series text → value. */
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

    public static Scrape now() {
        return new Scrape(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** A scrape of another server (e.g. one the load generator started): {@code base} is http://host:port. */
    public static Scrape of(String base) {
        return new Scrape(given().baseUri(base).get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /**
     * A scrape that gives up after {@code timeout} (an IllegalStateException), for a server that may be
     * overwhelmed: RestAssured would wait for ever.
     */
    public static Scrape of(String base, Duration timeout) {
        try {
            var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics"))
                    .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
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

    /** The sum of every series of {@code metric} whose labels contain {@code label} (e.g. {@code area="heap"}). */
    public double sum(String metric, String label) {
        return series.entrySet().stream().filter(e -> e.getKey().startsWith(metric + "{") && e.getKey().contains(label))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** The value of a series such as {@code roomcast_messages_total{direction="in",type="join"}}; 0 when absent. */
    public double value(String seriesName) {
        return series.getOrDefault(seriesName, 0.0);
    }

    /** Whether any series of this metric name was exported (with or without labels). */
    public boolean hasMetric(String name) {
        return series.keySet().stream().anyMatch(s -> s.equals(name) || s.startsWith(name + "{"));
    }

    /** How much a series grew since {@code before}. */
    public double since(Scrape before, String seriesName) {
        return value(seriesName) - before.value(seriesName);
    }
}
