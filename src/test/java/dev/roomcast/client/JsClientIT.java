package dev.roomcast.client;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.NodeScript;
import dev.roomcast.support.RedisServer;
import dev.roomcast.support.TestTokens;
import io.smallrye.jwt.build.Jwt;

/**
 * The JavaScript client (served at /roomcast.js) in Node against the packaged app: the scenarios are in
 * src/test/js; this starts the instances (and Redis) each needs and does what happens to them.
 */
public class JsClientIT {

    private static final Duration LIMIT = Duration.ofMinutes(2);
    /** The default request and byte rates, not the test profile's lifted ones. */
    static final Map<String, String> DEFAULT_RATES = Map.of("%test.roomcast.security.messages-per-second", "100",
            "%test.roomcast.security.message-burst", "200", "%test.roomcast.security.bytes-per-second", "262144",
            "%test.roomcast.security.byte-burst", "524288");
    static final String API_KEY = "client-test-key-0123456789";

    /** Position on the server's answers as frames, no server (position.mjs): what is shown, what is resumed from. */
    @Test
    void positionsShowAllButACertainRepeatAndFollowAStreamThatStartedAgain() throws Exception {
        NodeScript.run("position.mjs", Map.of("CLIENT_SOURCES", Path.of("clients", "js", "src").toAbsolutePath().toString()), LIMIT);
    }

    @Test
    void talksInRoomsPrivatelyAndToEveryone() throws Exception {
        try (AppProcess a = AppProcess.start("js-basic", Map.of("roomcast.api.keys", API_KEY))) {
            NodeScript.run("basic.mjs", Map.of("ROOMCAST_A", a.wsUrl(), "API_KEY", API_KEY), LIMIT);
        }
    }

    /** The default request rate, not the test profile's lifted one: a backlog must be paced to get through. */
    @Test
    void aBacklogIsPacedUnderTheServersRequestRate() throws Exception {
        try (AppProcess a = AppProcess.start("js-backlog", DEFAULT_RATES)) {
            NodeScript.run("backlog.mjs", Map.of("ROOMCAST_A", a.wsUrl()), LIMIT);
        }
    }

    @Test
    void aDrainedInstancesClientResumesOnTheOtherLosingAndRepeatingNothing() throws Exception {
        failover("drain");
    }

    @Test
    void aKilledInstancesClientReconnectsWithBackoff() throws Exception {
        failover("kill");
    }

    @Test
    void aFrozenInstancesClientGivesUpOnTheSilentLinkAndReconnects() throws Exception {
        failover("freeze");
    }

    @Test
    void anExpiredTokenIsReplacedFromTheTokenFunction() throws Exception {
        Map<String, String> auth = Map.of("roomcast.auth.mode", "required", "mp.jwt.verify.publickey",
                TestTokens.publicKeyValue(), "mp.jwt.verify.issuer", TestTokens.ISSUER);
        try (AppProcess a = AppProcess.start("js-token", auth)) {
            String user = "tokened";
            Instant now = Instant.now();
            String tokens = String.join(",", TestTokens.token(user, now.plusSeconds(4), c -> c),
                    TestTokens.token(user, now.plusSeconds(600), c -> c),
                    TestTokens.token("short-lived", now.plusSeconds(12), c -> c));
            String forged = TestTokens.sign(Jwt.issuer(TestTokens.ISSUER).subject(user).expiresIn(3600), TestTokens.STRANGER);
            NodeScript.run("token.mjs", Map.of("ROOMCAST_A", a.wsUrl(), "TOKENS", tokens, "BAD_TOKEN", forged), LIMIT);
        }
    }

    /** A refused upgrade ends the client with the server's reason: no retry (the server counts one upgrade). */
    @Test
    void aRefusedIdEndsTheClientWithTheReason() throws Exception {
        try (AppProcess a = AppProcess.start("js-refusal", Map.of())) {
            NodeScript.run("refusal.mjs", Map.of("ROOMCAST_A", a.wsUrl()), LIMIT);
        }
    }

    /**
     * Private messages and broadcasts through absences, dropped links, a lost accepted, a new client object and a
     * flushed Redis (streams.mjs).
     */
    @Test
    void privatesAndBroadcastsSurviveAbsencesAndDroppedLinks() throws Exception {
        onTwoInstances("streams", "streams.mjs");
    }

    /** One user with connections on two instances: read positions and unread counts stay in step (reads.mjs). */
    @Test
    void readPositionsFollowTheUserAcrossConnections() throws Exception {
        onTwoInstances("reads", "reads.mjs");
    }

    private static void onTwoInstances(String name, String script) throws Exception {
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            Map<String, String> cluster = Map.of("roomcast.fanout.type", "redis", "quarkus.redis.hosts", redis.uri());
            try (AppProcess a = AppProcess.start("js-" + name + "-a", cluster); AppProcess b = AppProcess.start("js-" + name + "-b", cluster)) {
                NodeScript.run(script, Map.of("ROOMCAST_A", a.wsUrl(), "ROOMCAST_B", b.wsUrl(), "REDIS_URI", redis.uri()), LIMIT);
            }
        }
    }

    private static void failover(String scenario) throws Exception {
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            Map<String, String> cluster = new HashMap<>(Map.of("roomcast.fanout.type", "redis", "quarkus.redis.hosts",
                    redis.uri(), "roomcast.drain.reconnect-spread", "500ms"));
            try (AppProcess a = AppProcess.start("js-" + scenario + "-a", cluster);
                    AppProcess b = AppProcess.start("js-" + scenario + "-b", cluster)) {
                NodeScript.run("failover.mjs", Map.of("ROOMCAST_A", a.wsUrl(), "ROOMCAST_B", b.wsUrl(),
                        "PID_A", Long.toString(a.pid()), "SCENARIO", scenario), LIMIT);
            }
        }
    }
}
