package dev.roomcast.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP server on a free loopback port that serves {@link TestTokens#jwks()}, and the
 * settings that make the app verify tokens against it; {@code initArgs} add more settings.
 */
public class JwksTestResource implements QuarkusTestResourceLifecycleManager {

    /** How many times the app fetched the key set. */
    public static final AtomicInteger FETCHES = new AtomicInteger();

    private final Map<String, String> extra = new HashMap<>();
    private HttpServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        extra.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the JWKS server", e);
        }
        byte[] body = TestTokens.jwks().getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks.json", exchange -> {
            FETCHES.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Map<String, String> config = new HashMap<>();
        config.put("mp.jwt.verify.publickey.location",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
        config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        config.putAll(extra);
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
