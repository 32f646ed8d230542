package dev.roomcast.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/** The HTTP API for backends under /api/v1 (docs/api.md). */
public interface ApiConfig {
    /** Keys a backend sends as {@code Authorization: Bearer <key>}; none: the API is off (404). */
    Optional<List<String>> keys();

    /** Keys that may also send as a user who is connected ({@code from} naming a connected user). */
    Optional<List<String>> impersonatingKeys();

    /** The sender of API messages that name none. */
    @WithDefault("server")
    String sender();

    /** Requests per second per key; beyond: 429. */
    @WithDefault("200")
    double requestsPerSecond();

    /** Requests a key may make at once before the rate applies. */
    @WithDefault("400")
    double burst();
}
