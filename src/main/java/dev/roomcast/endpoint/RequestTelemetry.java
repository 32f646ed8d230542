package dev.roomcast.endpoint;

import jakarta.inject.Singleton;

import dev.roomcast.protocol.ClientMessage;
import dev.roomcast.protocol.ClientMessageCodec;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.telemetry.RoomcastMetrics;
import dev.roomcast.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * The inbound side of a request's telemetry, kept out of the codec: its receive span (the root of the
 * request's trace) and the inbound message, size and processing-time metrics.
 */
@Singleton
class RequestTelemetry {

    private static final String INVALID = "invalid";

    private final RoomcastMetrics metrics;
    private final Tracing tracing;

    RequestTelemetry(RoomcastMetrics metrics, Tracing tracing) {
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /** A text frame arrived: its span starts before it is read. */
    Span arrived(String text) {
        return tracing.receive(text.length());
    }

    /** It was this request. */
    void read(Span span, String text, ClientMessage request) {
        metrics.received(request.type(), text.length());
        tracing.describe(span, request.type().wire(), ClientMessageCodec.roomOf(request));
    }

    /** It was not a readable request; its span ends here. */
    void unreadable(Span span, String text, ProtocolException refused) {
        metrics.receivedInvalid(text.length());
        tracing.describe(span, INVALID, null);
        span.setStatus(StatusCode.ERROR, refused.code().wire());
        span.end();
    }

    /** The request was carried out (or refused) after {@code nanos}; its span ends here. */
    void handled(Span span, ClientMessage request, long nanos) {
        metrics.processed(request.type(), nanos);
        span.end();
    }
}
