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
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
    }

    public static Scrape now() {
        return new Scrape(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** The value of a series such as {@code roomcast_messages_total{direction="in",type="join"}}; 0 when absent. */
    public double value(String seriesName) {
        return series.getOrDefault(seriesName, 0.0);
    }

    /** How much a series grew since {@code before}. */
    public double since(Scrape before, String seriesName) {
        return value(seriesName) - before.value(seriesName);
    }
}
