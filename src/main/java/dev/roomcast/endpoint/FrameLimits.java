package dev.roomcast.endpoint;

/**
 * Recognises Vert.x's report of a fragmented message that grew past the maximum message size.
 * Vert.x reports it only as an IllegalStateException with this text (vertx-core 4.5,
 * WebSocketImplBase); a test sends such a message, so a changed text shows up as a failing test.
 */
final class FrameLimits {

    private FrameLimits() {
    }

    static boolean isMessageTooBig(Throwable failure) {
        return failure instanceof IllegalStateException
                && failure.getMessage() != null
                && failure.getMessage().contains("overflow max message size");
    }
}
