package dev.roomcast.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The chart's alerting rules through Debian's promtool: {@code promtool check rules} on the rules file, and
 * {@code promtool test rules} on its unit tests, in which every alert both fires and stays quiet.
 */
class AlertRulesTest {

    static final Path RULES = Path.of("helm/roomcast/files/alerts.yaml");
    private static final Path TESTS = Path.of("src/test/resources/prometheus/alerts-test.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The alert rules of the file: name → expression. */
    static List<JsonNode> alerts() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).get("groups")) {
            group.get("rules").forEach(alerts::add);
        }
        return alerts;
    }

    @Test
    void theRulesFileIsValid() throws Exception {
        promtool("check", "rules", RULES.toString());
    }

    @Test
    void everyAlertFiresAndStaysQuietAsItsUnitTestsSay() throws Exception {
        promtool("test", "rules", TESTS.toString());
    }

    /** A new alert without a test of both cases fails here rather than ship untested. */
    @Test
    void everyAlertIsTestedFiringAndNotFiring() throws Exception {
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : YAML.readTree(TESTS.toFile()).get("tests")) {
            for (JsonNode check : test.get("alert_rule_test")) {
                String name = check.get("alertname").asText();
                (check.get("exp_alerts").isEmpty() ? quiet : firing).add(name);
            }
        }
        List<JsonNode> alerts = alerts();
        assertFalse(alerts.isEmpty());
        for (JsonNode alert : alerts) {
            String name = alert.get("alert").asText();
            assertTrue(firing.contains(name), name + " has no test where it fires");
            assertTrue(quiet.contains(name), name + " has no test where it stays quiet");
            assertTrue(alert.at("/labels/severity").isTextual(), name + " has no severity");
            assertTrue(alert.at("/annotations/summary").isTextual() && alert.at("/annotations/description").isTextual(),
                    name + " needs a summary and a description");
        }
    }

    private static void promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("promtool", ".log"); // a file, not a pipe: nothing blocks on a full buffer
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is missing: install Debian's prometheus package (.ci/run does)", e);
        }
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        process.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertTrue(finished, () -> "promtool did not finish within 60 s:\n" + output);
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + output);
    }
}
