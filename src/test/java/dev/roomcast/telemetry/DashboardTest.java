package dev.roomcast.telemetry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.Scrape;
import dev.roomcast.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The shipped Grafana dashboard only queries metrics the service really exports. This app runs in memory
 * mode, which has no Redis shards: PrometheusQueriesIT runs every query against two instances on Redis.
 */
@QuarkusTest
public class DashboardTest {

    private static final Path DASHBOARD = Path.of("helm/roomcast/dashboards/roomcast.json");
    private static final String REDIS_ONLY = "roomcast_redis_shard_";

    @Test
    void everyQueriedMetricIsExported() throws Exception {
        JsonNode dashboard = WsClient.JSON.readTree(Files.readString(DASHBOARD));
        Set<String> queried = new TreeSet<>();
        Matcher names = Pattern.compile("roomcast_[a-z_]+").matcher("");
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                names.reset(target.get("expr").asText());
                while (names.find()) {
                    queried.add(names.group());
                }
            }
        }
        assertFalse(queried.isEmpty());
        Scrape scrape = Scrape.now();
        for (String metric : queried) {
            if (metric.startsWith(REDIS_ONLY)) {
                continue;
            }
            assertTrue(scrape.hasMetric(metric), "the dashboard queries " + metric + ", which is not exported");
        }
    }
}
