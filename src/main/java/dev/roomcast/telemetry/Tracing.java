package dev.roomcast.telemetry;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.roomcast.protocol.EncodedMessage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * Roomcast's spans, in one place. Each inbound message is the root of its own trace (so sampling
 * by ratio applies per message, and a long-lived connection is not one giant trace); delivery and
 * publish spans are its children, and the trace context crosses Redis in the envelope, so a
 * delivery on another instance is a child of the publish. Attributes are set only on spans that
 * record, so unsampled messages cost little.
 */
@Singleton
public class Tracing {

    public static final AttributeKey<String> TYPE = AttributeKey.stringKey("roomcast.message.type");
    public static final AttributeKey<String> ROOM = AttributeKey.stringKey("roomcast.room");
    public static final AttributeKey<Long> SIZE = AttributeKey.longKey("roomcast.message.size");
    public static final AttributeKey<Long> RECIPIENTS = AttributeKey.longKey("roomcast.recipients");
    public static final AttributeKey<Boolean> REMOTE = AttributeKey.booleanKey("roomcast.remote");
    public static final AttributeKey<Long> WEBHOOK_EVENTS = AttributeKey.longKey("roomcast.webhook.events");
    public static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> HOOK = AttributeKey.stringKey("roomcast.hook");

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    public Tracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * With {@code quarkus.otel.sdk.disabled=true} Quarkus only switches off its own instrumentation;
     * an injected tracer would still make spans. Roomcast's then cost nothing at all.
     */
    @Inject
    Tracing(Tracer tracer, @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean disabled) {
        this(disabled ? OpenTelemetry.noop().getTracer("roomcast") : tracer);
    }

    /** Starts the span of one inbound message (decode and handling). */
    public Span receive(int size) {
        Span span = tracer.spanBuilder("roomcast receive").setSpanKind(SpanKind.SERVER).setNoParent().startSpan();
        if (span.isRecording()) {
            span.setAttribute(SIZE, (long) size);
        }
        return span;
    }

    /** The request turned out to be of this type (and room); {@code type} is a wire type or "invalid". */
    public void describe(Span span, String type, String room) {
        if (span.isRecording()) {
            span.updateName("roomcast receive " + type);
            span.setAttribute(TYPE, type);
            if (room != null) {
                span.setAttribute(ROOM, room);
            }
        }
    }

    /**
     * A message written to this instance's connections: under the current span, or, for a message
     * from another instance, under {@code remoteParent} (passed explicitly: the delivery runs on the
     * Redis connection's event loop, where Quarkus cannot make a context current).
     */
    public Span deliver(EncodedMessage message, String room, Context remoteParent) {
        SpanBuilder builder = tracer.spanBuilder("roomcast deliver " + message.type().wire()).setSpanKind(SpanKind.INTERNAL);
        if (remoteParent != null) {
            builder.setParent(remoteParent);
        }
        Span span = builder.startSpan();
        if (span.isRecording()) {
            span.setAttribute(TYPE, message.type().wire());
            span.setAttribute(SIZE, (long) message.size());
            span.setAttribute(REMOTE, remoteParent != null);
            if (room != null) {
                span.setAttribute(ROOM, room);
            }
        }
        return span;
    }

    /** An HTTP API call, under the current span (the HTTP request's, which continues a traceparent). */
    public Span api(String endpoint) {
        return tracer.spanBuilder("roomcast api " + endpoint).setSpanKind(SpanKind.INTERNAL).startSpan();
    }

    /** A publish to the other instances, under the current span. */
    public Span publish(EncodedMessage message, String room) {
        Span span = tracer.spanBuilder("roomcast publish " + message.type().wire()).setSpanKind(SpanKind.PRODUCER).startSpan();
        if (span.isRecording()) {
            span.setAttribute(TYPE, message.type().wire());
            span.setAttribute(SIZE, (long) message.size());
            if (room != null) {
                span.setAttribute(ROOM, room);
            }
        }
        return span;
    }

    /**
     * One webhook POST of a batch (kind CLIENT): a child of the first event's cause, linked to the other events'
     * causes (each distinct one once), so every change that made an event leads to the POST that carried it.
     */
    public Span webhook(Context parent, Iterable<Context> others, int events) {
        SpanBuilder builder = tracer.spanBuilder("roomcast webhook").setSpanKind(SpanKind.CLIENT).setParent(parent);
        SpanContext first = Span.fromContext(parent).getSpanContext();
        java.util.Set<String> linked = new java.util.HashSet<>();
        for (Context other : others) {
            SpanContext cause = Span.fromContext(other).getSpanContext();
            if (cause.isValid() && !cause.equals(first) && linked.add(cause.getSpanId())) {
                builder.addLink(cause);
            }
        }
        Span span = builder.startSpan();
        if (span.isRecording()) {
            span.setAttribute(WEBHOOK_EVENTS, (long) events);
            span.setAttribute(HTTP_METHOD, "POST");
        }
        return span;
    }

    /** A call to the application's hook backend, under the current span (the request's); its traceparent goes along. */
    public Span hook(String hook) {
        Span span = tracer.spanBuilder("roomcast hook " + hook).setSpanKind(SpanKind.CLIENT).startSpan();
        if (span.isRecording()) {
            span.setAttribute(HOOK, hook);
        }
        return span;
    }

    /** The W3C traceparent of the span, for the envelope; null when there is nothing to continue. */
    public String traceparent(Span span) {
        if (!span.getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, Map::put);
        return carrier.get("traceparent");
    }

    /** The context to continue from a traceparent (the root context when absent). */
    public Context continueFrom(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of("traceparent", traceparent), MAP);
    }
}
