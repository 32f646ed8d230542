package dev.roomcast.webhook;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import dev.roomcast.config.InstanceId;
import dev.roomcast.config.WebhooksConfig;
import dev.roomcast.telemetry.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Vertx;

/**
 * Where events for the webhook receiver go. Emitting never blocks and never fails: past the queue's bytes an
 * event is dropped and counted. Callers ask {@link #on} first, so nothing is built when a type is off.
 * With {@code roomcast.webhooks.url} unset nothing is created at all (no client, no meters).
 */
@Singleton
public class Webhooks {

    private static final Logger LOG = Logger.getLogger(Webhooks.class);

    private final Set<EventType> on;
    private final WebhookSender sender;

    @Inject
    Webhooks(WebhooksConfig config, InstanceId instance, Vertx vertx, MeterRegistry registry, Tracing tracing) {
        Optional<WebhookSettings> settings;
        try {
            settings = WebhookSettings.from(config);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        if (settings.isEmpty()) {
            on = EnumSet.noneOf(EventType.class);
            sender = null;
            return;
        }
        on = EnumSet.noneOf(EventType.class);
        on.addAll(settings.get().events());
        sender = new WebhookSender(vertx, settings.get(), instance.value(), registry, tracing);
        LOG.infof("Webhooks: %s to %s, from instance %s", on.stream().map(EventType::wire).toList(),
                WebhookSettings.withoutSecrets(settings.get().url()), instance.value());
    }

    /** Whether events of this type are sent (a URL is set and the type is in {@code roomcast.webhooks.events}). */
    public boolean on(EventType type) {
        return on.contains(type);
    }

    /** Queues the event for sending; any thread. */
    public void emit(WebhookEvent event) {
        if (on.contains(event.type())) {
            sender.emit(event);
        }
    }

    /** Built at start-up, off the event loops, so a bad setting stops the start. */
    void onStart(@Observes StartupEvent event) {
        // constructing the bean is the work
    }

    /** After the drain (which may emit member_left and the like) and the other shutdown observers: send what is left. */
    void onStop(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) ShutdownEvent event) {
        if (sender != null) {
            sender.close();
        }
    }
}
