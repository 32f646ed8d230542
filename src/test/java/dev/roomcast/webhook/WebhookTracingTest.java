package dev.roomcast.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.roomcast.protocol.RawJson;
import dev.roomcast.support.WebhookReceiver;
import dev.roomcast.telemetry.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Vertx;

/**
 * A span per POST, with the real OpenTelemetry SDK: CLIENT, a child of the first event's cause, linked to the
 * others', its traceparent in the request, and an error status on a failed attempt.
 */
class WebhookTracingTest {

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    exported.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            })).build();
    private final Tracer tracer = provider.get("test");
    private final Vertx vertx = Vertx.vertx();
    private final WebhookReceiver receiver = new WebhookReceiver("s");

    @AfterEach
    void stop() throws Exception {
        receiver.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        provider.close();
    }

    @Test
    void eachPostIsAClientSpanUnderTheFirstCauseLinkedToTheOthers() {
        WebhookSender sender = new WebhookSender(vertx, new WebhookSettings(URI.create(receiver.url()), "s",
                EnumSet.allOf(EventType.class), 1 << 20, 1000, 100, 1 << 20, 1, 1, Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)),
                "i", new SimpleMeterRegistry(), new Tracing(tracer));
        Span first = tracer.spanBuilder("publish 1").startSpan();
        Span second = tracer.spanBuilder("publish 2").startSpan();
        receiver.failNext(1);
        receiver.slow(Duration.ofMillis(100));
        try {
            sender.emit(event(Context.root().with(first), 0));
            await("the first POST arrived").atMost(Duration.ofSeconds(10)).until(() -> receiver.mostInFlight() == 1);
            sender.emit(event(Context.root().with(second), 1));
            sender.emit(event(Context.root().with(second), 2));
            await("all acknowledged").atMost(Duration.ofSeconds(15)).until(() -> receiver.events().size() == 3);
        } finally {
            sender.close();
        }
        List<SpanData> posts = exported.stream().filter(s -> s.getName().equals("roomcast webhook")).toList();
        assertTrue(posts.size() >= 2, "a span per attempt: " + posts);
        for (SpanData post : posts) {
            assertEquals(SpanKind.CLIENT, post.getKind());
        }
        SpanData failed = posts.get(0);
        assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode(), "the 500 attempt");
        assertEquals(first.getSpanContext().getSpanId(), failed.getParentSpanId());
        assertEquals(first.getSpanContext().getTraceId(), failed.getTraceId());
        // the first POST carried event 0 alone (the rest queued behind it); its retry too; then events 1 and 2 together
        SpanData pair = posts.get(posts.size() - 1);
        assertEquals(second.getSpanContext().getSpanId(), pair.getParentSpanId());
        assertEquals(List.of(), pair.getLinks(), "event 2's cause is its parent's, not linked again");
        for (WebhookReceiver.Request request : receiver.requests()) {
            String traceparent = request.traceparent();
            assertTrue(posts.stream().anyMatch(s -> traceparent.equals("00-" + s.getTraceId() + "-" + s.getSpanId() + "-01")),
                    "traceparent " + traceparent + " is one of the POST spans");
        }
    }

    @Test
    void theOtherEventsCausesAreLinkedOnce() {
        WebhookSender sender = new WebhookSender(vertx, new WebhookSettings(URI.create(receiver.url()), "s",
                EnumSet.allOf(EventType.class), 1 << 20, 1000, 100, 1 << 20, 1, 1, Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)),
                "i", new SimpleMeterRegistry(), new Tracing(tracer));
        receiver.slow(Duration.ofMillis(200));
        Span[] causes = new Span[4];
        for (int i = 0; i < causes.length; i++) {
            causes[i] = tracer.spanBuilder("publish " + i).startSpan();
        }
        try {
            sender.emit(event(Context.root(), 0)); // alone in the first POST, holding the lane
            await("the first POST arrived").atMost(Duration.ofSeconds(10)).until(() -> receiver.mostInFlight() == 1);
            sender.emit(event(Context.root().with(causes[0]), 1));
            sender.emit(event(Context.root().with(causes[1]), 2));
            sender.emit(event(Context.root().with(causes[1]), 3));
            sender.emit(event(Context.root().with(causes[2]), 4));
            await("all acknowledged").atMost(Duration.ofSeconds(15)).until(() -> receiver.events().size() == 5);
        } finally {
            sender.close();
        }
        SpanData batch = exported.stream().filter(s -> s.getName().equals("roomcast webhook")
                && s.getParentSpanId().equals(causes[0].getSpanContext().getSpanId())).findFirst().orElseThrow();
        assertEquals(List.of(causes[1].getSpanContext(), causes[2].getSpanContext()),
                batch.getLinks().stream().map(l -> l.getSpanContext()).toList());
        assertEquals(4L, batch.getAttributes().get(Tracing.WEBHOOK_EVENTS));
        assertEquals(200L, batch.getAttributes().get(Tracing.HTTP_STATUS));
    }

    private static WebhookEvent event(Context cause, long offset) {
        return new WebhookEvent(EventType.MESSAGE_PUBLISHED, System.currentTimeMillis(), "lobby", "ann", offset,
                new RawJson("1"), null, cause);
    }
}
