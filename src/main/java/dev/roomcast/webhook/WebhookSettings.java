package dev.roomcast.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.roomcast.config.WebhooksConfig;

/** The sender's settings, checked: {@link #from} says clearly what is wrong with a configuration. */
public record WebhookSettings(URI url, String secret, Set<EventType> events, long maxQueuedBytes, int maxQueuedEvents,
        int maxBatchEvents, int maxBatchBytes, int lanes, int maxConnections, Duration requestTimeout, Duration retryFor,
        Duration backoffMin, Duration backoffMax, Duration shutdownTimeout) {

    /**
     * The settings, or empty when {@code roomcast.webhooks.url} is unset (webhooks off).
     *
     * @throws IllegalArgumentException naming the property at fault
     */
    public static Optional<WebhookSettings> from(WebhooksConfig config) {
        Set<EventType> events = events(config.events()); // checked even while off: a typo should not wait for the URL
        if (config.url().isEmpty() || config.url().get().isBlank()) {
            return Optional.empty();
        }
        URI url = url(config.url().get().trim());
        String secret = config.secret().filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                "roomcast.webhooks.secret is required when roomcast.webhooks.url is set: receivers check each "
                        + "batch's X-Roomcast-Signature with it"));
        positive("max-queued-bytes", config.maxQueuedBytes());
        positive("max-queued-events", config.maxQueuedEvents());
        positive("max-batch-events", config.maxBatchEvents());
        positive("max-batch-bytes", config.maxBatchBytes());
        positive("lanes", config.lanes());
        positive("max-connections", config.maxConnections());
        positive("request-timeout", config.requestTimeout().toMillis());
        positive("backoff-min", config.backoffMin().toMillis());
        if (config.backoffMax().compareTo(config.backoffMin()) < 0) {
            throw new IllegalArgumentException("roomcast.webhooks.backoff-max (" + config.backoffMax()
                    + ") must not be below roomcast.webhooks.backoff-min (" + config.backoffMin() + ")");
        }
        if (config.retryFor().isNegative() || config.shutdownTimeout().isNegative()) {
            throw new IllegalArgumentException("roomcast.webhooks.retry-for and shutdown-timeout must not be negative");
        }
        return Optional.of(new WebhookSettings(url, secret, events, config.maxQueuedBytes(), config.maxQueuedEvents(),
                config.maxBatchEvents(), config.maxBatchBytes(), config.lanes(), config.maxConnections(),
                config.requestTimeout(), config.retryFor(), config.backoffMin(), config.backoffMax(),
                config.shutdownTimeout()));
    }

    static Set<EventType> events(List<String> names) {
        Set<EventType> events = EnumSet.noneOf(EventType.class);
        for (String name : names) {
            if (name.isBlank()) {
                continue;
            }
            try {
                events.add(EventType.ofWire(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("roomcast.webhooks.events: unknown event '" + name.trim()
                        + "'; known: " + EnumSet.allOf(EventType.class).stream().map(EventType::wire).toList(), e);
            }
        }
        return events;
    }

    /** The URL for a log line: scheme, host, port and path, never a user-info or query that may hold a token. */
    static String withoutSecrets(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** Never the secret: a record's own toString would print it. */
    @Override
    public String toString() {
        return "WebhookSettings[url=" + withoutSecrets(url) + ", events=" + events + "]";
    }

    private static URI url(String text) {
        try {
            URI url = new URI(text);
            if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
                    || url.getHost() == null) {
                throw new IllegalArgumentException("roomcast.webhooks.url must be an absolute http:// or https:// URL, "
                        + "not '" + text + "'");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("roomcast.webhooks.url is not a URL: '" + text + "' (" + e.getMessage()
                    + ")", e);
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("roomcast.webhooks." + name + " must be positive, not " + value);
        }
    }
}
