package dev.roomcast.history;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.Paced;
import dev.roomcast.support.RedisServer;
import dev.roomcast.support.ResumingClient;

/**
 * Zero loss through a rolling restart: three instances of the packaged app on one Redis, subscribers spread
 * over them, a publisher sending numbered messages with {@code id} and {@code ref} at about 200 a second, the
 * subscribers sending each other private messages in a ring and the publisher broadcasting every fifth step.
 * Each instance in turn gets SIGTERM (drain) and is replaced while traffic flows; clients reconnect to a
 * live instance after {@code reconnect_after_ms}, resume the room, their inbox and the broadcasts, and resend
 * what was not accepted. Every subscriber must end with every accepted message exactly once, in the same order,
 * and every accepted private and broadcast exactly once, in order. One more user is offline for 30 s of it and
 * gets every private sent to it meanwhile when it comes back.
 */
public class RollingRestartIT {

    private static final int SUBSCRIBERS = 6;

    @Test
    void noAcceptedMessageIsLostOrDuplicatedThroughARollingRestart() throws Exception {
        List<AppProcess> live = new CopyOnWriteArrayList<>();
        List<ResumingClient> clients = new ArrayList<>();
        ResumingClient[] sleeperRef = new ResumingClient[1]; // closed at the end with the others
        AtomicInteger turn = new AtomicInteger();
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            for (int i = 0; i < 3; i++) {
                live.add(AppProcess.start("rolling-" + i, config(redis)));
            }
            java.util.function.Supplier<URI> balancer = () -> live.get(Math.floorMod(turn.getAndIncrement(), live.size())).ws();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                clients.add(new ResumingClient("sub" + i, "feed", balancer));
            }
            ResumingClient publisher = new ResumingClient("pub", "feed", balancer);
            clients.add(publisher);
            ResumingClient sleeper = new ResumingClient("sleeper", "elsewhere", balancer);
            sleeperRef[0] = sleeper;
            await("every client in the room").atMost(Duration.ofSeconds(20))
                    .until(() -> clients.stream().allMatch(ResumingClient::live) && sleeper.live());
            sleeper.goAway();
            long awaySince = System.nanoTime();

            int restarts = 0;
            int published;
            try (Paced sender = Paced.start(Integer.MAX_VALUE, Duration.ofMillis(5), n -> {
                publisher.publish(n);
                ResumingClient from = clients.get(n % SUBSCRIBERS);
                from.sendPrivate(clients.get((n + 1) % SUBSCRIBERS).user(), n);
                if (n % 5 == 0) {
                    publisher.broadcast(n);
                }
                if (n % 10 == 0) {
                    publisher.sendPrivate(sleeper.user(), n);
                }
                return true;
            })) {
                awaitAccepted(publisher, 200); // traffic flowing before the first restart
                for (int i = 0; i < 3; i++) {
                    AppProcess old = live.get(0);
                    live.remove(old); // the load balancer stops sending new connections to it
                    old.terminate();
                    assertEquals(143, old.awaitExit(Duration.ofSeconds(40)), "128 + SIGTERM: a signalled JVM shutdown, after the drain");
                    old.close();
                    live.add(AppProcess.start("rolling-new-" + i, config(redis)));
                    restarts++;
                    awaitAccepted(publisher, publisher.accepted().size() + 300); // traffic flows through the new one
                }
                await("the sleeper to have been away for 30 s").atMost(Duration.ofSeconds(60))
                        .until(() -> System.nanoTime() - awaySince >= 30_000_000_000L);
                sender.close(); // a failed publish surfaces here, not as a timeout later
                published = sender.done();
            }
            sleeper.comeBack();
            List<ResumingClient> everyone = new ArrayList<>(clients);
            everyone.add(sleeper);

            awaitDescribing("the publisher's messages all accepted", everyone, () -> publisher.unacceptedCount() == 0
                    && everyone.stream().allMatch(c -> c.unacceptedElsewhere() == 0));
            awaitDescribing("every private and broadcast delivered", everyone, () -> everyone.stream().allMatch(c ->
                    c.broadcasts().size() >= publisher.acceptedBroadcasts().size()
                    && c.privates().size() >= expectedPrivates(c, everyone).size()));
            List<Integer> accepted = publisher.accepted();
            awaitDescribing("every subscriber to have every accepted message", clients,
                    () -> clients.stream().allMatch(c -> new HashSet<>(c.received()).containsAll(accepted)));

            List<Integer> reference = publisher.received();
            Map<String, Object> report = new HashMap<>();
            report.put("published", published);
            report.put("accepted", accepted.size());
            report.put("restarts", restarts);
            report.put("resent", publisher.resent());
            report.put("received per subscriber", reference.size());
            report.put("privates received", everyone.stream().mapToInt(c -> c.privates().size()).sum());
            report.put("broadcasts accepted", publisher.acceptedBroadcasts().size());
            report.put("sleeper's privates", sleeper.privates().size());
            report.put("reconnects", clients.stream().mapToInt(c -> c.connects() - 1).sum());
            System.out.println("Rolling restart: " + report);
            assertEquals(published, accepted.size(), "every message published was accepted in the end");
            assertEquals(accepted.size(), new HashSet<>(reference).size(), "nothing but accepted messages, each once");
            assertEquals(new HashSet<>(accepted), new HashSet<>(reference));
            List<String> broadcasts = publisher.acceptedBroadcasts().stream().map(seq -> "pub:" + seq).toList();
            for (ResumingClient client : everyone) {
                assertEquals(expectedPrivates(client, everyone), client.privates(),
                        client.user() + ": every accepted private, once, in inbox order");
                assertEquals(broadcasts, client.broadcasts(), client.user() + ": every accepted broadcast, once, in order");
                assertTrue(client.anomalies().stream().noneMatch(a -> a.contains("recovered false") || a.contains("offset")),
                        () -> "gaps: " + client.anomalies());
                if (client == sleeper) {
                    continue;
                }
                assertEquals(reference, client.received(), "every subscriber has the same messages, once each, in one order");
                assertTrue(client.anomalies().stream().noneMatch(a -> a.startsWith("recovered false") || a.startsWith("offset")),
                        () -> "gaps: " + client.anomalies());
            }
        } finally {
            clients.forEach(ResumingClient::close);
            if (sleeperRef[0] != null) {
                sleeperRef[0].close();
            }
            live.forEach(AppProcess::close);
        }
    }

    /** What {@code recipient} must have received privately: each sender's accepted privates to it, in inbox order. */
    private static List<String> expectedPrivates(ResumingClient recipient, List<ResumingClient> clients) {
        List<String> expected = new ArrayList<>();
        if (recipient.user().equals("sleeper")) {
            clients.stream().filter(c -> c.user().equals("pub")).findFirst()
                    .ifPresent(pub -> pub.acceptedPrivates().forEach(seq -> expected.add("pub:" + seq)));
            return expected;
        }
        if (!recipient.user().startsWith("sub")) {
            return expected; // the publisher gets none
        }
        int index = Integer.parseInt(recipient.user().substring(3));
        ResumingClient from = clients.get(Math.floorMod(index - 1, SUBSCRIBERS));
        from.acceptedPrivates().forEach(seq -> expected.add(from.user() + ":" + seq)); // all of them go to its successor
        return expected;
    }

    private static void awaitAccepted(ResumingClient publisher, int count) {
        await("the publisher to have " + count + " messages accepted").atMost(Duration.ofSeconds(30))
                .until(() -> publisher.accepted().size() >= count);
    }

    private static void awaitDescribing(String what, List<ResumingClient> clients, java.util.concurrent.Callable<Boolean> done) {
        try {
            await(what).atMost(Duration.ofSeconds(30)).until(done);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + " within 30 s; clients: " + clients, e);
        }
    }

    private static Map<String, String> config(RedisServer redis) {
        return Map.ofEntries(
                Map.entry("roomcast.fanout.type", "redis"),
                Map.entry("quarkus.redis.hosts", redis.uri()),
                Map.entry("roomcast.fanout.reconnect-interval", "500ms"),
                Map.entry("roomcast.fanout.presence-refresh", "1s"),
                Map.entry("roomcast.fanout.presence-ttl", "3s"),
                Map.entry("roomcast.drain.reconnect-spread", "1s"),
                // 1000 messages: 5 s at 200/s, well over a client's reconnect time (up to the 1 s spread)
                Map.entry("roomcast.history.size", "1000"),
                // the sleeper gets 20 privates and misses 40 broadcasts a second, for 30 s and more
                Map.entry("roomcast.inbox.size", "5000"),
                Map.entry("roomcast.inbox.max-user-bytes", "2097152"),
                Map.entry("roomcast.broadcasts.size", "5000"),
                Map.entry("roomcast.broadcasts.max-bytes", "2097152"));
    }
}
