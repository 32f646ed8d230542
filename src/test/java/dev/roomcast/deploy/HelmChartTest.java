package dev.roomcast.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/** helm lint and helm template on the chart, through helm-java, and what the manifests say. */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/roomcast");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<JsonNode> render(Map<String, Object> values) throws Exception {
        TemplateCommand template = new Helm(CHART).template().withName("rc");
        values.forEach(template::set);
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(template.call())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
                if (doc != null && doc.has("kind")) {
                    docs.add(doc);
                }
            });
        }
        return docs;
    }

    private static JsonNode only(List<JsonNode> docs, String kind) {
        List<JsonNode> found = docs.stream().filter(d -> d.get("kind").asText().equals(kind)).toList();
        assertEquals(1, found.size(), () -> "one " + kind + " expected among " + docs.stream().map(d -> d.get("kind").asText()).toList());
        return found.get(0);
    }

    /** Roomcast's container (the bundled Redis, when enabled, is another Deployment). */
    static JsonNode container(List<JsonNode> docs) {
        return docs.stream().filter(d -> d.get("kind").asText().equals("Deployment")
                && d.at("/metadata/name").asText().equals("rc-roomcast")).findFirst().orElseThrow()
                .at("/spec/template/spec/containers/0");
    }

    static String env(JsonNode container, String name) {
        for (JsonNode e : container.get("env")) {
            if (e.get("name").asText().equals(name)) {
                return e.has("value") ? e.get("value").asText() : e.get("valueFrom").toString();
            }
        }
        return null;
    }

    @Test
    void lintsCleanlyInStrictMode() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }

    @Test
    void defaultsRenderADrainableSecureDeployment() throws Exception {
        List<JsonNode> docs = render(Map.of());
        JsonNode pod = only(docs, "Deployment").at("/spec/template/spec");
        JsonNode c = container(docs);
        assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/started", c.at("/startupProbe/httpGet/path").asText());
        assertEquals(8080, c.at("/ports/0/containerPort").asInt());
        assertEquals(8080, only(docs, "Service").at("/spec/ports/0/port").asInt());

        int grace = pod.get("terminationGracePeriodSeconds").asInt();
        int preStop = c.at("/lifecycle/preStop/sleep/seconds").asInt();
        assertEquals("20s", env(c, "ROOMCAST_DRAIN_TIMEOUT"));
        assertTrue(grace > preStop + 20, "grace period " + grace + " s must exceed preStop " + preStop + " s + drain 20 s");

        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean());
        assertEquals("ALL", c.at("/securityContext/capabilities/drop/0").asText());
        assertEquals("96Mi", c.at("/resources/requests/memory").asText(), "sized for the native binary");

        assertEquals("true", env(c, "QUARKUS_OTEL_SDK_DISABLED"));
        assertEquals(null, env(c, "ROOMCAST_FANOUT_TYPE"), "no Redis configured: a single instance");
        assertEquals("true", only(docs, "Deployment").at("/spec/template/metadata/annotations/prometheus.io~1scrape").asText());
        only(docs, "HorizontalPodAutoscaler");
        only(docs, "PodDisruptionBudget");
        JsonNode dashboard = only(docs, "ConfigMap");
        assertTrue(YAML.readTree(dashboard.at("/data/roomcast.json").asText()).has("panels"), "the dashboard is valid JSON");
        for (String absent : List.of("Ingress", "ServiceMonitor", "Secret", "PrometheusRule")) {
            assertTrue(docs.stream().noneMatch(d -> d.get("kind").asText().equals(absent)), absent + " is opt-in");
        }
    }

    @Test
    void redisFromASecretTracingIngressAndServiceMonitor() throws Exception {
        List<JsonNode> docs = render(Map.of("redis.existingSecret", "shared-redis", "tracing.enabled", "true",
                "ingress.enabled", "true", "metrics.serviceMonitor.enabled", "true"));
        JsonNode c = container(docs);
        assertEquals("redis", env(c, "ROOMCAST_FANOUT_TYPE"));
        assertEquals("{\"secretKeyRef\":{\"name\":\"shared-redis\",\"key\":\"redis-url\"}}", env(c, "QUARKUS_REDIS_HOSTS"));
        assertEquals("false", env(c, "QUARKUS_OTEL_SDK_DISABLED"));
        assertEquals("http://jaeger-collector:4317", env(c, "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
        assertEquals("3600", only(docs, "Ingress").at("/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-read-timeout").asText());
        assertEquals("/q/metrics", only(docs, "ServiceMonitor").at("/spec/endpoints/0/path").asText());
    }

    /** The PrometheusRule carries files/alerts.yaml unchanged (the file promtool tests) and the extra labels. */
    @Test
    void alertsAsAPrometheusRuleWhenEnabled() throws Exception {
        List<JsonNode> docs = render(Map.of("prometheusRule.enabled", "true",
                "prometheusRule.labels.release", "kube-prometheus-stack"));
        JsonNode rule = only(docs, "PrometheusRule");
        assertEquals("rc-roomcast", rule.at("/metadata/name").asText());
        assertEquals("kube-prometheus-stack", rule.at("/metadata/labels/release").asText());
        assertEquals("roomcast", rule.at("/metadata/labels/app.kubernetes.io~1name").asText());
        JsonNode file = YAML.readTree(Files.readString(CHART.resolve("files/alerts.yaml")));
        assertEquals(file.get("groups"), rule.at("/spec/groups"));
        List<String> alerts = new ArrayList<>();
        rule.at("/spec/groups/0/rules").forEach(r -> alerts.add(r.get("alert").asText()));
        assertTrue(alerts.containsAll(List.of("RoomcastRedisShardDown", "RoomcastFanoutUnavailable", "RoomcastNotReady",
                "RoomcastSlowConsumersClosed", "RoomcastRateLimitSpike", "RoomcastUpgradeRefusalSpike")), alerts.toString());
        assertTrue(rule.at("/spec/groups/0/rules/0/annotations/summary").asText().contains("{{ $labels.shard }}"),
                "Prometheus's templates pass through Helm untouched");
    }

    @Test
    void aRedisUrlGoesIntoASecretAndTheBundledRedisIsOptIn() throws Exception {
        List<JsonNode> fromUrl = render(Map.of("redis.url", "redis://:pw@redis:6379"));
        assertEquals("redis://:pw@redis:6379", only(fromUrl, "Secret").at("/stringData/redis-url").asText());
        assertTrue(env(container(fromUrl), "QUARKUS_REDIS_HOSTS").contains("rc-roomcast-redis"));

        List<JsonNode> bundled = render(Map.of("bundledRedis.enabled", "true"));
        assertEquals("redis://rc-roomcast-redis:6379", env(container(bundled), "QUARKUS_REDIS_HOSTS"));
        assertEquals(2, bundled.stream().filter(d -> d.at("/metadata/name").asText().equals("rc-roomcast-redis")).count());
    }

    @Test
    void aGracePeriodShorterThanTheDrainIsRefused() {
        Exception refused = assertThrows(Exception.class, () -> render(Map.of("terminationGracePeriodSeconds", "20")));
        assertTrue(String.valueOf(refused.getMessage()).contains("terminationGracePeriodSeconds"), refused.getMessage());
    }

    @Test
    void authTlsAndForwardedAddresses() throws Exception {
        List<JsonNode> docs = render(Map.of("auth.mode", "required", "auth.publicKeyLocation",
                "https://issuer.example.com/jwks.json", "auth.issuer", "https://issuer.example.com",
                "tls.secretName", "roomcast-tls", "proxy.forwardedFor", "true", "proxy.trustedProxies", "10.0.0.0/8"));
        JsonNode c = container(docs);
        assertEquals("required", env(c, "ROOMCAST_AUTH_MODE"));
        assertEquals("https://issuer.example.com/jwks.json", env(c, "MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
        assertEquals("https://issuer.example.com", env(c, "MP_JWT_VERIFY_ISSUER"));
        assertEquals("/etc/roomcast/tls/tls.crt", env(c, "QUARKUS_TLS_KEY_STORE_PEM_0_CERT"));
        assertEquals("10.0.0.0/8", env(c, "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"));
        assertEquals("roomcast-tls", only(docs, "Deployment").at("/spec/template/spec/volumes/1/secret/secretName").asText());
        assertEquals(8443, only(docs, "Service").at("/spec/ports/1/port").asInt());
    }

    @Test
    void authWithoutKeysAndForwardingWithoutTrustedProxiesAreRefused() {
        Exception noKeys = assertThrows(Exception.class, () -> render(Map.of("auth.mode", "required")));
        assertTrue(String.valueOf(noKeys.getMessage()).contains("auth.publicKeyLocation"), noKeys.getMessage());
        Exception anyone = assertThrows(Exception.class, () -> render(Map.of("proxy.forwardedFor", "true")));
        assertTrue(String.valueOf(anyone.getMessage()).contains("trustedProxies"), anyone.getMessage());
    }

    /**
     * Per-address limits are off by default (behind an ingress every client has its address); turned on
     * behind the ingress they need X-Forwarded-For from trusted proxies, or rendering fails.
     */
    @Test
    void perAddressLimitsAreOffByDefaultAndNeedRealAddressesBehindTheIngress() throws Exception {
        JsonNode defaults = container(render(Map.of("ingress.enabled", "true")));
        assertEquals(null, env(defaults, "ROOMCAST_SECURITY_MAX_CONNECTIONS_PER_ADDRESS"));
        assertEquals(null, env(defaults, "ROOMCAST_SECURITY_CONNECTIONS_PER_SECOND_PER_ADDRESS"));
        Exception blind = assertThrows(Exception.class,
                () -> render(Map.of("ingress.enabled", "true", "security.maxConnectionsPerAddress", "200")));
        assertTrue(String.valueOf(blind.getMessage()).contains("proxy.forwardedFor"), blind.getMessage());
        JsonNode seeing = container(render(Map.of("ingress.enabled", "true", "security.maxConnectionsPerAddress", "200",
                "security.connectionsPerSecondPerAddress", "20", "proxy.forwardedFor", "true",
                "proxy.trustedProxies", "10.0.0.0/8")));
        assertEquals("200", env(seeing, "ROOMCAST_SECURITY_MAX_CONNECTIONS_PER_ADDRESS"));
        assertEquals("20", env(seeing, "ROOMCAST_SECURITY_CONNECTIONS_PER_SECOND_PER_ADDRESS"));
        JsonNode direct = container(render(Map.of("security.maxConnectionsPerAddress", "50")));
        assertEquals("50", env(direct, "ROOMCAST_SECURITY_MAX_CONNECTIONS_PER_ADDRESS"), "no ingress: the pod sees clients");
    }

    /**
     * Out of memory the process exits and the container restarts (docs/operations.md, "Out of memory"): the
     * native binary gets the options as arguments, a JVM image in JAVA_TOOL_OPTIONS; heap and direct memory
     * are shares of the pod's memory limit.
     */
    @Test
    void outOfMemoryExitsAndHeapAndDirectMemoryFollowTheLimit() throws Exception {
        JsonNode nativeContainer = container(render(Map.of()));
        List<String> args = new ArrayList<>();
        nativeContainer.get("args").forEach(a -> args.add(a.asText()));
        assertEquals(List.of("-XX:+ExitOnOutOfMemoryError", "-Xmx224m", "-XX:MaxDirectMemorySize=67m"), args,
                "448Mi limit: half for the heap, 15% for direct memory");
        assertEquals(null, env(nativeContainer, "JAVA_TOOL_OPTIONS"));

        JsonNode jvm = container(render(Map.of("runtime", "jvm", "resources.limits.memory", "768Mi",
                "memory.extraOptions[0]", "-XX:+HeapDumpOnOutOfMemoryError")));
        assertEquals("-XX:+ExitOnOutOfMemoryError -Xmx384m -XX:MaxDirectMemorySize=115m -XX:+HeapDumpOnOutOfMemoryError",
                env(jvm, "JAVA_TOOL_OPTIONS"));
        assertFalse(jvm.has("args"), "the JVM image's own entrypoint is left alone");
        assertEquals("-XX:+ExitOnOutOfMemoryError -Xmx1024m -XX:MaxDirectMemorySize=307m",
                env(container(render(Map.of("runtime", "jvm", "resources.limits.memory", "2Gi"))), "JAVA_TOOL_OPTIONS"));

        Exception greedy = assertThrows(Exception.class, () -> render(Map.of("memory.heapPercent", "75")));
        assertTrue(String.valueOf(greedy.getMessage()).contains("memory.heapPercent"), greedy.getMessage());
        Exception unknown = assertThrows(Exception.class, () -> render(Map.of("runtime", "graal")));
        assertTrue(String.valueOf(unknown.getMessage()).contains("runtime must be native or jvm"), unknown.getMessage());
    }

    /** The chart speaks the same configuration language as the table in docs/configuration.md. */
    @Test
    void apiKeysComeFromASecretAndTheApiIsOffWithout() throws Exception {
        assertTrue(!container(render(Map.of())).toString().contains("ROOMCAST_API_KEYS"), "no Secret, no API");
        JsonNode c = container(render(Map.of("api.existingSecret", "backend-keys", "api.impersonatingKeysSecretKey", "admin")));
        assertEquals("{\"secretKeyRef\":{\"name\":\"backend-keys\",\"key\":\"api-keys\"}}", env(c, "ROOMCAST_API_KEYS"));
        assertEquals("{\"secretKeyRef\":{\"name\":\"backend-keys\",\"key\":\"admin\"}}", env(c, "ROOMCAST_API_IMPERSONATING_KEYS"));
        assertEquals("server", env(c, "ROOMCAST_API_SENDER"));
    }

    @Test
    void everyEnvironmentVariableIsInTheConfigurationTable() throws Exception {
        String table = Files.readString(Path.of("docs/configuration.md"));
        Map<String, Object> everything = new java.util.HashMap<>(Map.of("redis.existingSecret", "r",
                "tracing.enabled", "true", "security.allowedOrigins", "https://app.example.com", "auth.mode", "optional",
                "auth.publicKeyLocation", "/keys/pub.pem", "auth.publicKey", "MIIB...", "auth.issuer", "i"));
        everything.putAll(Map.of("auth.audiences", "a", "tls.secretName", "t", "proxy.forwardedFor", "true",
                "proxy.trustedProxies", "10.0.0.1", "api.existingSecret", "k", "api.impersonatingKeysSecretKey", "i"));
        everything.putAll(Map.of("redis.mode", "sentinel", "redis.sentinel.masterName", "m", "redis.passwordSecret", "p",
                "redis.tls.enabled", "true", "redis.tls.caSecret", "ca"));
        everything.putAll(Map.of("webhooks.url", "https://b/w", "webhooks.existingSecret", "s", "webhooks.events", "user_online",
                "hooks.connectUrl", "https://b/c", "hooks.joinUrl", "https://b/j", "hooks.publishUrl", "https://b/p",
                "hooks.existingSecret", "s"));
        List<JsonNode> docs = render(everything);
        assertEquals("https://app.example.com", env(container(docs), "ROOMCAST_SECURITY_ALLOWED_ORIGINS"));
        for (JsonNode e : container(docs).get("env")) {
            String name = e.get("name").asText();
            assertTrue(table.contains("`" + name + "`"), name + " is not in the configuration table (docs/configuration.md)");
        }
    }
}
