package dev.roomcast.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Room traffic through a shard failure: a publisher on one instance sends numbered messages with a {@code ref} to
 * several rooms, a listener on another instance is in all of them. Afterwards it checks the promises Roomcast
 * makes per message: answered exactly once ({@code accepted}, or an error), every accepted one delivered on the
 * other instance, none reported {@code fanout_unavailable} delivered there, and, for rooms on healthy shards, no
 * error and no gap at all.
 */
public final class ShardTraffic implements AutoCloseable {

    private final WsClient publisher;
    private final WsClient listener;
    private final List<String> rooms;
    /** Per room, the contents sent, in order. */
    private final Map<String, List<String>> sent = new HashMap<>();
    /** Every answer to a ref: ref → answers (accepted, or the error code). */
    private final Map<String, List<String>> answers = new HashMap<>();
    /** Per room, the contents the listener received, in order. */
    private final Map<String, List<String>> delivered = new HashMap<>();

    public ShardTraffic(AppProcess from, AppProcess to, List<String> rooms) {
        this.rooms = List.copyOf(rooms);
        this.publisher = WsClient.connect(from.ws(), "id=" + Ids.unique("publisher"));
        this.listener = WsClient.connect(to.ws(), "id=" + Ids.unique("listener"));
        for (String room : rooms) {
            publisher.send("type", "join", "room", room);
            publisher.skipTo("joined");
            listener.send("type", "join", "room", room);
            listener.skipTo("joined");
            sent.put(room, new ArrayList<>());
            delivered.put(room, new ArrayList<>());
        }
    }

    /**
     * Sends one message to each room every {@code every} on a {@link Paced} thread of its own, until closed; take
     * {@link #finish} after closing it.
     */
    public Paced sendEvery(Duration every) {
        return Paced.start(Integer.MAX_VALUE, every, i -> {
            round();
            return true;
        });
    }

    private void round() {
        for (String room : rooms) {
            String content = room + "#" + sent.get(room).size();
            sent.get(room).add(content);
            publisher.send("type", "message", "room", room, "content", content, "ref", content);
        }
        collect();
    }

    /** Waits until every message has its answer and the listener has what it will get. */
    public void finish() {
        int total = sent.values().stream().mapToInt(List::size).sum();
        await("every message answered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    collect();
                    return answers.size() == total;
                });
        publisher.send("type", "ping", "ref", "done"); // answers to anything still in flight come before it
        listener.sync();
        await("the listener has the accepted messages").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    collect();
                    return accepted().stream().allMatch(c -> delivered.get(roomOf(c)).contains(c));
                });
        collect();
    }

    private void collect() {
        for (JsonNode frame : publisher.drain()) {
            String type = frame.path("type").asText();
            if (frame.has("ref") && (type.equals("accepted") || type.equals("error"))) {
                String answer = type.equals("accepted") ? "accepted" : frame.path("code").asText();
                answers.computeIfAbsent(frame.get("ref").asText(), r -> new ArrayList<>()).add(answer);
            }
        }
        for (JsonNode frame : listener.drain()) {
            if ("message".equals(frame.path("type").asText()) && delivered.containsKey(frame.path("room").asText())) {
                delivered.get(frame.path("room").asText()).add(frame.path("content").asText());
            }
        }
    }

    private static String roomOf(String content) {
        return content.substring(0, content.lastIndexOf('#'));
    }

    private Set<String> accepted() {
        Set<String> out = new HashSet<>();
        answers.forEach((ref, got) -> {
            if (got.equals(List.of("accepted"))) {
                out.add(ref);
            }
        });
        return out;
    }

    /** Every message answered once; accepted ones delivered; none reported unavailable delivered; only fan-out errors. */
    public void assertPromisesKept() {
        for (List<String> contents : sent.values()) {
            for (String content : contents) {
                List<String> got = answers.getOrDefault(content, List.of());
                assertEquals(1, got.size(), content + " answered " + got);
                String answer = got.get(0);
                assertTrue(Set.of("accepted", "fanout_unavailable", "fanout_timeout").contains(answer), content + ": " + answer);
                boolean there = delivered.get(roomOf(content)).contains(content);
                if (answer.equals("accepted")) {
                    assertTrue(there, content + " was accepted but never reached the other instance");
                } else if (answer.equals("fanout_unavailable")) {
                    assertTrue(!there, content + " was reported fanout_unavailable but reached the other instance");
                }
            }
        }
    }

    /** The room saw no error, and the other instance got all of it, in order, once. */
    public void assertUntouched(String room) {
        List<String> errors = sent.get(room).stream().filter(c -> !answers.get(c).equals(List.of("accepted")))
                .map(c -> c + "=" + answers.get(c)).toList();
        assertEquals(List.of(), errors, room + " is on a healthy shard: no errors");
        assertEquals(sent.get(room), delivered.get(room), room + ": everything, in order, once");
    }

    /** How many of the room's messages were refused, and whether the last {@code tail} were all accepted. */
    public long refused(String room) {
        return sent.get(room).stream().filter(c -> !answers.get(c).equals(List.of("accepted"))).count();
    }

    public boolean lastAccepted(String room, int tail) {
        List<String> contents = sent.get(room);
        return contents.subList(contents.size() - tail, contents.size()).stream()
                .allMatch(c -> answers.get(c).equals(List.of("accepted")));
    }

    public String summary() {
        StringBuilder out = new StringBuilder();
        for (String room : rooms) {
            out.append(room).append(": sent ").append(sent.get(room).size()).append(", refused ").append(refused(room))
                    .append(", delivered ").append(delivered.get(room).size()).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        publisher.close();
        listener.close();
    }
}
