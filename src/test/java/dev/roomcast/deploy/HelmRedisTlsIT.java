package dev.roomcast.deploy;

import static dev.roomcast.deploy.HelmChartTest.container;
import static dev.roomcast.deploy.HelmChartTest.render;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.AppProcess.Launch;
import dev.roomcast.support.Ports;

/**
 * The chart's Redis password and TLS values work as rendered: the packaged app, given the Deployment's Redis
 * environment variables (Secrets and the CA mount resolved as Kubernetes would), reaches a real redis-server
 * that serves only TLS and requires a password; a CA that did not sign the server, or a certificate for
 * another host name, keeps it away (the chart always checks host names: the TLS registry passes "NONE" to the
 * JDK as an algorithm name, which fails every handshake, so there is no switch for it).
 */
class HelmRedisTlsIT {

    private static final String PASSWORD = "s3cret-pw";

    @TempDir
    static Path pki;
    private static Process redis;
    private static int port;

    @BeforeAll
    static void startTlsRedis() throws Exception {
        for (String ca : List.of("ca", "other-ca")) {
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + ca,
                    "-keyout", ca + ".key", "-out", ca + ".crt");
        }
        // Named localhost only: dialling 127.0.0.1 must fail the host name check.
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key",
                "-out", "server.csr");
        Files.writeString(pki.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
        port = Ports.free();
        redis = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", String.valueOf(port),
                "--tls-cert-file", "server.crt", "--tls-key-file", "server.key", "--tls-ca-cert-file", "ca.crt",
                "--tls-auth-clients", "no", "--requirepass", PASSWORD, "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no").directory(pki.toFile()).redirectErrorStream(true)
                .redirectOutput(pki.resolve("redis.log").toFile()).start();
        await("redis-server listening with TLS on " + port).atMost(Duration.ofSeconds(15))
                .failFast("redis-server exited", () -> !redis.isAlive())
                .until(() -> Files.readString(pki.resolve("redis.log")).contains("Ready to accept connections"));
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    @Test
    void theCaFromASecretAndThePasswordFromAnotherReachRedis() throws Exception {
        try (AppProcess app = startWithChart("tls-trusted", "localhost", "ca.crt")) {
            awaitReady(app);
        }
    }

    @Test
    void aCaThatDidNotSignTheServerIsRefused() throws Exception {
        try (AppProcess app = startWithChart("tls-other-ca", "localhost", "other-ca.crt")) {
            awaitRefusedHandshake(app);
        }
    }

    /** A cluster's masters are dialled at the addresses they announce: their certificates must name them. */
    @Test
    void aCertificateForAnotherHostNameIsRefused() throws Exception {
        try (AppProcess app = startWithChart("tls-wrong-name", "127.0.0.1", "ca.crt")) {
            awaitRefusedHandshake(app);
        }
    }

    private static void awaitReady(AppProcess app) {
        await("ready through the TLS Redis").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .failFast("the app exited:\n" + app.log(), () -> !app.isAlive())
                .until(() -> app.status("/q/health/ready") == 200);
    }

    private static void awaitRefusedHandshake(AppProcess app) {
        await("TLS handshake refused").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> app.log().contains("SSLHandshakeException"));
        assertEquals(503, app.status("/q/health/ready"), "not ready without Redis; log:\n" + app.log());
    }

    /**
     * Renders the chart (password and CA from Secrets, rediss:// URL in the chart's Secret) and starts the app
     * with the container's Redis variables; the CA Secret's key is mounted where the volume says.
     */
    private static AppProcess startWithChart(String name, String host, String caFile) throws Exception {
        List<JsonNode> docs = render(Map.of("redis.url", "rediss://" + host + ":" + port,
                "redis.passwordSecret", "redis-auth", "redis.tls.enabled", "true", "redis.tls.caSecret", "redis-ca"));
        Map<String, String> secrets = new HashMap<>(Map.of("redis-auth/redis-password", PASSWORD));
        docs.stream().filter(d -> d.get("kind").asText().equals("Secret")).forEach(s -> s.get("stringData").fields()
                .forEachRemaining(e -> secrets.put(s.at("/metadata/name").asText() + "/" + e.getKey(), e.getValue().asText())));
        JsonNode c = container(docs);
        Path mount = Files.createDirectories(pki.resolve(name + "-mount"));
        String mountPath = c.get("volumeMounts").findValues("mountPath").stream().map(JsonNode::asText)
                .filter(p -> p.contains("redis-ca")).findFirst().orElseThrow();
        Files.copy(pki.resolve(caFile), mount.resolve("ca.crt")); // the volume's item path

        Map<String, String> env = new HashMap<>();
        for (JsonNode e : c.get("env")) {
            String key = e.get("name").asText();
            if (key.contains("REDIS") || key.startsWith("ROOMCAST_FANOUT")) {
                JsonNode ref = e.at("/valueFrom/secretKeyRef");
                String value = ref.isMissingNode() ? e.get("value").asText()
                        : secrets.get(ref.get("name").asText() + "/" + ref.get("key").asText());
                env.put(key, value.replace(mountPath, mount.toString()));
            }
        }
        return AppProcess.start(name, Map.of(), Launch.defaults("-Xmx256m"), env);
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(pki.toFile()).redirectErrorStream(true)
                .redirectOutput(pki.resolve("openssl.log").toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("openssl " + command + " failed: " + Files.readString(pki.resolve("openssl.log")));
        }
    }
}
