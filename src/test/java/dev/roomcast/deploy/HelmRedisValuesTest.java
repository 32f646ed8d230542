package dev.roomcast.deploy;

import static dev.roomcast.deploy.HelmChartTest.container;
import static dev.roomcast.deploy.HelmChartTest.env;
import static dev.roomcast.deploy.HelmChartTest.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The chart's Redis topologies (standalone, cluster, sentinel), password and TLS values become the
 * {@code quarkus.redis.*} and TLS registry variables Roomcast reads, and values that cannot work are refused.
 */
class HelmRedisValuesTest {

    private static final String SEEDS = "rediss://redis-0:6379,rediss://redis-1:6379";

    private static JsonNode pod(List<JsonNode> docs) {
        return docs.stream().filter(d -> d.get("kind").asText().equals("Deployment")
                && d.at("/metadata/name").asText().equals("rc-roomcast")).findFirst().orElseThrow()
                .at("/spec/template/spec");
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.get("name").asText().equals(name)) {
                return item;
            }
        }
        return null;
    }

    private static String refusal(Map<String, Object> values) {
        Exception refused = assertThrows(Exception.class, () -> render(values), "rendering must fail for " + values);
        return String.valueOf(refused.getMessage());
    }

    @Test
    void standaloneIsTheDefaultAndNeedsNoTlsOrSentinelVariables() throws Exception {
        JsonNode c = container(render(Map.of("redis.existingSecret", "shared-redis")));
        assertEquals("standalone", env(c, "QUARKUS_REDIS_CLIENT_TYPE"));
        for (String absent : List.of("QUARKUS_REDIS_MASTER_NAME", "QUARKUS_REDIS_ROLE", "QUARKUS_REDIS_PASSWORD",
                "QUARKUS_REDIS_TLS_CONFIGURATION_NAME", "QUARKUS_TLS__REDIS__TRUST_STORE_PEM_CERTS")) {
            assertNull(env(c, absent), absent + " is not set for a plain standalone Redis");
        }
        assertNull(named(c.get("volumeMounts"), "redis-ca"), "no CA, no mount");
    }

    /** Seed nodes stay one comma-separated value, stored as given in the chart's Secret. */
    @Test
    void clusterSeedsWithPasswordFromASecretAndACaFromAnother() throws Exception {
        List<JsonNode> docs = render(Map.of("redis.mode", "cluster", "redis.url", SEEDS,
                "redis.passwordSecret", "redis-auth", "redis.tls.enabled", "true", "redis.tls.caSecret", "redis-ca"));
        JsonNode c = container(docs);
        assertEquals("cluster", env(c, "QUARKUS_REDIS_CLIENT_TYPE"));
        assertEquals(SEEDS, docs.stream().filter(d -> d.get("kind").asText().equals("Secret")).findFirst()
                .orElseThrow().at("/stringData/redis-url").asText());
        assertEquals("{\"secretKeyRef\":{\"name\":\"rc-roomcast-redis\",\"key\":\"redis-url\"}}", env(c, "QUARKUS_REDIS_HOSTS"));
        assertEquals("{\"secretKeyRef\":{\"name\":\"redis-auth\",\"key\":\"redis-password\"}}", env(c, "QUARKUS_REDIS_PASSWORD"));
        assertNull(env(c, "QUARKUS_REDIS_MASTER_NAME"));

        assertEquals("redis", env(c, "QUARKUS_REDIS_TLS_CONFIGURATION_NAME"));
        assertEquals("HTTPS", env(c, "QUARKUS_TLS__REDIS__HOSTNAME_VERIFICATION_ALGORITHM"));
        assertEquals("/etc/roomcast/redis-ca/ca.crt", env(c, "QUARKUS_TLS__REDIS__TRUST_STORE_PEM_CERTS"));
        JsonNode mount = named(c.get("volumeMounts"), "redis-ca");
        assertEquals("/etc/roomcast/redis-ca", mount.get("mountPath").asText());
        assertTrue(mount.get("readOnly").asBoolean(), "the CA is mounted read-only");
        JsonNode volume = named(pod(docs).get("volumes"), "redis-ca");
        assertEquals("redis-ca", volume.at("/secret/secretName").asText());
        assertEquals("ca.crt", volume.at("/secret/items/0/key").asText());
        assertEquals("ca.crt", volume.at("/secret/items/0/path").asText());
    }

    @Test
    void sentinelsWithTheMasterNameAndTheMasterRole() throws Exception {
        JsonNode c = container(render(Map.of("redis.mode", "sentinel", "redis.existingSecret", "sentinels",
                "redis.sentinel.masterName", "mymaster", "redis.tls.enabled", "true", "redis.tls.caSecret", "corp-ca",
                "redis.tls.caSecretKey", "root.pem")));
        assertEquals("sentinel", env(c, "QUARKUS_REDIS_CLIENT_TYPE"));
        assertEquals("{\"secretKeyRef\":{\"name\":\"sentinels\",\"key\":\"redis-url\"}}", env(c, "QUARKUS_REDIS_HOSTS"));
        assertEquals("mymaster", env(c, "QUARKUS_REDIS_MASTER_NAME"));
        assertEquals("master", env(c, "QUARKUS_REDIS_ROLE"));
        assertEquals("HTTPS", env(c, "QUARKUS_TLS__REDIS__HOSTNAME_VERIFICATION_ALGORITHM"));
        assertEquals("/etc/roomcast/redis-ca/ca.crt", env(c, "QUARKUS_TLS__REDIS__TRUST_STORE_PEM_CERTS"));
    }

    /** rediss:// with a public CA: the runtime's trusted CAs, nothing mounted. */
    @Test
    void tlsWithoutACaSecretUsesTheDefaultTrust() throws Exception {
        JsonNode c = container(render(Map.of("redis.url", "rediss://:pw@managed.example.com:6380",
                "redis.tls.enabled", "true")));
        assertEquals("redis", env(c, "QUARKUS_REDIS_TLS_CONFIGURATION_NAME"));
        assertNull(env(c, "QUARKUS_TLS__REDIS__TRUST_STORE_PEM_CERTS"));
        assertNull(named(c.get("volumeMounts"), "redis-ca"));
    }

    @Test
    void valuesThatCannotReachRedisAreRefused() {
        assertTrue(refusal(Map.of("redis.mode", "replication", "redis.url", "redis://r:6379"))
                .contains("redis.mode must be standalone, cluster or sentinel"));
        assertTrue(refusal(Map.of("redis.mode", "sentinel", "redis.url", "redis://s:26379"))
                .contains("redis.sentinel.masterName"));
        assertTrue(refusal(Map.of("redis.mode", "cluster")).contains("needs redis.url or redis.existingSecret"));
        for (String mode : List.of("cluster", "sentinel")) {
            String bundled = refusal(Map.of("bundledRedis.enabled", "true", "redis.mode", mode,
                    "redis.sentinel.masterName", "m"));
            assertTrue(bundled.contains("bundledRedis is a single standalone Redis"), bundled);
        }
        assertTrue(refusal(Map.of("redis.url", "redis://r:6379", "redis.tls.caSecret", "ca"))
                .contains("redis.tls.enabled is not"));
        String plain = refusal(Map.of("redis.mode", "cluster", "redis.url",
                "rediss://:secret@a:6379,redis://:secret@b:6379", "redis.tls.enabled", "true"));
        assertTrue(plain.contains("must start with rediss://"), plain);
        assertTrue(!plain.contains("secret"), "the refusal does not print the password: " + plain);
        assertTrue(refusal(Map.of("bundledRedis.enabled", "true", "redis.tls.enabled", "true"))
                .contains("the bundled Redis speaks plain redis://"));
    }
}
