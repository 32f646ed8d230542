package dev.roomcast.webhook;

import io.opentelemetry.context.Context;

/** An event encoded once, as it goes in a batch, with when it was emitted and the trace context it came from. */
record QueuedEvent(byte[] json, long emittedNanos, Context cause) {
}
