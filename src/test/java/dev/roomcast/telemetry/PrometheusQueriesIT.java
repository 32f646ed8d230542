package dev.roomcast.telemetry;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.PrometheusServer;
import dev.roomcast.support.RedisServer;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.WsClient;

/**
 * Every query the chart ships runs against a real Prometheus scraping two real instances (the packaged jar,
 * Redis mode, one real redis-server) after a little traffic, and returns data:
 * <ul>
 * <li>each dashboard target's {@code expr}, with the dashboard's variables replaced by the values an "All"
 * selection sends ({@code $shard} → {@code .*}) and Grafana's interval variables by fixed windows;</li>
 * <li>each alert's {@code expr}: the chart's alerts are all {@code <series> <comparison> <number>}, so the part
 * before the trailing comparison must return data (the alert could fire from it), and the whole expression
 * must be accepted by Prometheus (it returns nothing while healthy, as it should). An alert not of that
 * form fails here, so that a new shape gets a deliberate check.</li>
 * </ul>
 * Traffic: a room across both instances with messages (publish, lag, history), a refused upgrade on each
 * instance (invalid_id), and a burst over a low message rate (rate_limited).
 */
class PrometheusQueriesIT {

    private static final Path DASHBOARD = Path.of("helm/roomcast/dashboards/roomcast.json");
    private static final Path ALERTS = Path.of("helm/roomcast/files/alerts.yaml");
    /** "<series> <op> <number>" at the end of an alert expression; group 1 is the series. */
    static final Pattern TRAILING_COMPARISON = Pattern.compile(
            "(?s)^(.*?)\\s*(?:==|!=|>=|<=|>|<)\\s*-?[0-9.]+(?:[eE][+-]?[0-9]+)?\\s*$");
    /** Grafana's own variables, replaced by a window at least four scrapes long. */
    private static final Map<String, String> GRAFANA_VARIABLES = Map.of("__rate_interval", "1m", "__interval", "15s",
            "__range", "5m");
    private static final Duration DATA_WITHIN = Duration.ofSeconds(45);

    private static RedisServer redis;
    private static AppProcess a;
    private static AppProcess b;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void startAndTraffic() throws Exception {
        redis = RedisServer.startOnFreePort();
        Map<String, String> config = new HashMap<>(RedisTestResource.clusterConfig(redis));
        config.put("%test.roomcast.security.messages-per-second", "5"); // low, so a burst is rate_limited
        config.put("%test.roomcast.security.message-burst", "10");
        a = AppProcess.start("prometheus-queries-a", config);
        b = AppProcess.start("prometheus-queries-b", config);
        prometheus = PrometheusServer.scraping(List.of("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port()));
        traffic();
        await("Prometheus scrapes both instances").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonNode targets = prometheus.activeTargets();
                    int up = 0;
                    for (JsonNode target : targets) {
                        up += "up".equals(target.path("health").asText()) ? 1 : 0;
                    }
                    return up == 2;
                });
    }

    private static void traffic() {
        String room = unique("room");
        try (WsClient alice = WsClient.connect(a.ws(), "id=" + unique("alice"));
                WsClient bob = WsClient.connect(b.ws(), "id=" + unique("bob"))) {
            alice.send("type", "join", "room", room);
            alice.next("joined");
            bob.send("type", "join", "room", room);
            bob.next("joined");
            alice.send("type", "message", "room", room, "content", "from A");
            assertEquals("from A", bob.skipTo("message").get("content").asText());
            bob.send("type", "message", "room", room, "content", "from B");
            assertEquals("from A", alice.skipTo("message").get("content").asText(), "her own, first");
            assertEquals("from B", alice.skipTo("message").get("content").asText());
        }
        for (AppProcess instance : List.of(a, b)) {
            WsClient.connectFailure(instance.ws(), "id=bad%20id");
            try (WsClient spammer = WsClient.connect(instance.ws(), "id=" + unique("spammer"))) {
                for (int i = 0; i < 30; i++) {
                    spammer.send("type", "ping", "ref", "burst-" + i);
                }
                JsonNode error = spammer.skipTo("error");
                assertEquals("rate_limited", error.get("code").asText(), error.toString());
            }
        }
    }

    @AfterAll
    static void stopAll() {
        for (AutoCloseable process : new AutoCloseable[] { prometheus, b, a, redis }) {
            try {
                if (process != null) {
                    process.close();
                }
            } catch (Exception e) {
                // the others still stop
            }
        }
    }

    @Test
    void eachInstanceReportsItsRedisShardUpWithARoundTrip() {
        String shard = "127.0.0.1:" + redis.port();
        JsonNode up = awaitData("roomcast_redis_shard_up == 1");
        assertEquals(2, up.size(), up.toString());
        for (JsonNode series : up) {
            assertEquals(shard, series.at("/metric/shard").asText(), series.toString());
        }
        JsonNode roundTrips = awaitData("roomcast_redis_shard_round_trip_seconds >= 0");
        assertEquals(2, roundTrips.size(), "a measured round trip (not NaN) on both instances: " + roundTrips);
    }

    @Test
    void everyDashboardQueryReturnsData() throws Exception {
        JsonNode dashboard = WsClient.JSON.readTree(Files.readString(DASHBOARD));
        Map<String, String> variables = new HashMap<>(GRAFANA_VARIABLES);
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (variable.path("includeAll").asBoolean()) {
                variables.put(variable.get("name").asText(), variable.get("allValue").asText());
            }
        }
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.put(panel.get("title").asText() + " / " + target.get("refId").asText(),
                        substitute(target.get("expr").asText(), variables));
            }
        }
        assertTrue(queries.size() >= 20, "the dashboard's targets: " + queries.keySet());
        queries.forEach((where, expr) -> awaitData(where + ": " + expr, expr));
    }

    @Test
    void everyAlertsSeriesReturnsDataAndTheWholeExpressionIsAccepted() throws Exception {
        List<String> checked = new ArrayList<>();
        for (JsonNode group : new ObjectMapper(new YAMLFactory()).readTree(ALERTS.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                String name = rule.get("alert").asText();
                String expr = rule.get("expr").asText().trim();
                Matcher comparison = TRAILING_COMPARISON.matcher(expr);
                assertTrue(comparison.matches(), name + ": not '<series> <comparison> <number>', check it another way: " + expr);
                awaitData(name + " series: " + comparison.group(1), comparison.group(1));
                JsonNode whole = prometheus.query(expr);
                assertEquals("success", whole.path("status").asText(), name + ": " + expr + " → " + whole);
                checked.add(name);
            }
        }
        assertTrue(checked.size() >= 6, "alerts checked: " + checked);
    }

    @Test
    void theSeriesOfAComparisonIsWhatIsQueried() {
        Matcher m = TRAILING_COMPARISON.matcher("rate(x{type=\"a\",b!=\"c\"}[5m]) > 0.1");
        assertTrue(m.matches());
        assertEquals("rate(x{type=\"a\",b!=\"c\"}[5m])", m.group(1));
        assertTrue(TRAILING_COMPARISON.matcher("roomcast_ready == 0").matches());
        assertFalse(TRAILING_COMPARISON.matcher("absent(roomcast_ready)").matches());
    }

    /** Replaces $name and ${name}; any variable left unknown fails, rather than be sent to Prometheus. */
    static String substitute(String expr, Map<String, String> variables) {
        Matcher m = Pattern.compile("\\$\\{?(\\w+)}?").matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            assertTrue(value != null, "no value for the dashboard variable $" + m.group(1) + " in " + expr);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static JsonNode awaitData(String expr) {
        return awaitData(expr, expr);
    }

    /** The query's result once it is non-empty (rates need two scrapes); fails with the last answer. */
    private static JsonNode awaitData(String what, String expr) {
        JsonNode[] last = new JsonNode[1];
        try {
            await(what).atMost(DATA_WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
                last[0] = prometheus.query(expr);
                return "success".equals(last[0].path("status").asText()) && !last[0].at("/data/result").isEmpty();
            });
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError(what + " returned no data within " + DATA_WITHIN + "; last answer: " + last[0], e);
        }
        return last[0].at("/data/result");
    }
}
