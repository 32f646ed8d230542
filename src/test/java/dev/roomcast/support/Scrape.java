package dev.roomcast.support;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

/** One scrape of /q/metrics over HTTP, as Prometheus sees it: series text → value. */
public final class Scrape {

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
