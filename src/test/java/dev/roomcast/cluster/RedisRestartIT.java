package dev.roomcast.cluster;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.Paced;
import dev.roomcast.support.RedisServer;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.WsClient;

/**
 * Redis killed (SIGKILL) and restarted empty while one instance's client publishes to a room that a client
 * on another instance reads: every message gets exactly one answer, and the answer is the truth. Accepted
 * means the other instance delivered it; {@code fanout_unavailable} means it did not; only
 * {@code fanout_timeout} may go either way. The instance that reconnects first must not publish before the
 * other has subscribed again (the hold), or accepted messages are lost.
 */
public class RedisRestartIT {

    private static final int TOTAL = 400;
    private static final Set<String> OUTAGE_CODES = Set.of("fanout_unavailable", "fanout_timeout");

    @Test
    void everyAnswerIsTrueThroughARedisKillAndEmptyRestart() throws Exception {
        String room = unique("room");
        try (RedisServer redis = RedisServer.startOnFreePort();
                AppProcess a = AppProcess.start("restart-a", RedisTestResource.clusterConfig(redis));
                AppProcess b = AppProcess.start("restart-b", RedisTestResource.clusterConfig(redis));
                WsClient sender = WsClient.connect(a.ws(), "id=" + unique("sender"));
                WsClient reader = WsClient.connect(b.ws(), "id=" + unique("reader"))) {
            reader.send("type", "join", "room", room);
            reader.skipTo("joined");
            sender.send("type", "join", "room", room);
            sender.skipTo("joined");

            try (Paced pace = Paced.start(TOTAL, Duration.ofMillis(10), i -> {
                sender.send("type", "message", "room", room, "content", "m" + i, "ref", "r" + i);
                return true;
            })) {
                await("100 messages sent before the kill").atMost(Duration.ofSeconds(10)).until(() -> pace.done() >= 100);
                redis.kill();
                redis.start(); // same port, no data
                pace.awaitAll(Duration.ofSeconds(20));
            }

            Map<Integer, String> outcomes = new TreeMap<>(); // message number -> "accepted" or the error code
            List<String> repeats = new ArrayList<>();
            await("an answer for every message").atMost(Duration.ofSeconds(30)).until(() -> {
                for (JsonNode frame : sender.drain()) {
                    String ref = frame.path("ref").asText();
                    if (ref.startsWith("r")) {
                        String type = frame.path("type").asText();
                        String outcome = "error".equals(type) ? frame.path("code").asText() : type;
                        if (outcomes.put(Integer.parseInt(ref.substring(1)), outcome) != null) {
                            repeats.add(ref);
                        }
                    }
                }
                return outcomes.size() == TOTAL;
            });
            assertEquals(List.of(), repeats, "messages answered more than once");

            // An end marker, sent once Redis carries messages again: the reader has everything before it.
            await("the end marker accepted").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                sender.send("type", "message", "room", room, "content", "end", "ref", "end");
                return "accepted".equals(frameWithRef("end", sender));
            });
            List<Integer> read = new ArrayList<>();
            for (JsonNode frame = reader.skipTo("message"); !"end".equals(frame.path("content").asText()); frame = reader.skipTo("message")) {
                read.add(Integer.parseInt(frame.path("content").asText().substring(1)));
            }

            Map<String, Long> counts = new TreeMap<>();
            outcomes.values().forEach(o -> counts.merge(o, 1L, Long::sum));
            System.out.println("Redis restart: outcomes " + counts + ", read on the other instance " + read.size());
            for (Map.Entry<Integer, String> outcome : outcomes.entrySet()) {
                int n = outcome.getKey();
                switch (outcome.getValue()) {
                    case "accepted" -> assertTrue(read.contains(n), "m" + n + " was accepted but never reached the other instance");
                    case "fanout_unavailable" -> assertFalse(read.contains(n), "m" + n + " was reported not delivered, but was");
                    case "fanout_timeout" -> { } // "maybe": either is true
                    default -> throw new AssertionError("m" + n + ": unexpected answer " + outcome.getValue());
                }
            }
            assertEquals(read.stream().sorted().distinct().toList(), read, "the reader got each message once, in the sender's order");
            assertTrue(outcomes.values().stream().anyMatch(OUTAGE_CODES::contains), "the outage was reported to the sender: " + counts);
            int lastError = outcomes.entrySet().stream().filter(e -> !"accepted".equals(e.getValue()))
                    .mapToInt(Map.Entry::getKey).max().orElseThrow();
            assertTrue(lastError < TOTAL - 1 && "accepted".equals(outcomes.get(TOTAL - 1)),
                    "traffic flows across instances again after the restart: " + outcomes);
        }
    }

    /** The type of the next frame of {@code client} carrying {@code ref} ("accepted" or "error"). */
    private static String frameWithRef(String ref, WsClient client) {
        while (true) {
            JsonNode frame = client.next();
            if (ref.equals(frame.path("ref").asText())) {
                return frame.path("type").asText();
            }
        }
    }
}
