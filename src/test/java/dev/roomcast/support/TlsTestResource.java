package dev.roomcast.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Serves HTTPS/wss:// with a certificate made for this run, through the Quarkus TLS registry (PEM files). */
public class TlsTestResource implements QuarkusTestResourceLifecycleManager {

    public static volatile SelfSignedCertificate certificate;
    /** The HTTPS port the app serves on (chosen here, so the packaged app's tests know it too). */
    public static volatile int httpsPort;

    @Override
    public Map<String, String> start() {
        try {
            certificate = SelfSignedCertificate.create(Files.createTempDirectory("roomcast-tls"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // Both ports fixed: Quarkus 3.34 fails to start (a Micrometer tag clash on http_server_bytes_*)
        // when one of the two HTTP servers has a random port and the other a fixed one.
        String http = String.valueOf(Ports.free());
        httpsPort = Ports.free();
        String https = String.valueOf(httpsPort);
        return Map.of("quarkus.tls.key-store.pem.0.cert", certificate.certPem().toString(),
                "quarkus.tls.key-store.pem.0.key", certificate.keyPem().toString(),
                "quarkus.http.test-port", http, "quarkus.http.port", http,
                "quarkus.http.test-ssl-port", https, "quarkus.http.ssl-port", https);
    }

    @Override
    public void stop() {
        Path dir = certificate == null ? null : certificate.certPem().getParent();
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a temp directory left behind is harmless
            }
        }
    }
}
