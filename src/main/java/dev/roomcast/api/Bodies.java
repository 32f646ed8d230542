package dev.roomcast.api;

import dev.roomcast.protocol.RawJson;
import dev.roomcast.security.RequestLimits;

/** Checks of what an API body carries, with the WebSocket protocol's limits and codes. */
final class Bodies {

    private Bodies() {
    }

    static RawJson content(PublishRequest body, RequestLimits limits) {
        if (body == null || body.content() == null || body.content().isMissingNode()) {
            throw new ApiProblem(400, "invalid_message", "the body must be a JSON object with content");
        }
        RawJson content = new RawJson(body.content().toString());
        limits.checkContent(content, null);
        return content;
    }

    static String id(PublishRequest body) {
        String id = body.id();
        if (id != null && (id.isEmpty() || id.length() > 64)) {
            throw new ApiProblem(400, "invalid_message", "id must be 1-64 characters");
        }
        return id;
    }

    /** A query parameter that must be a whole number (JAX-RS would answer a bad one with 404). */
    static long number(String text, long fallback, String name) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ApiProblem(400, "invalid_message", name + " must be a whole number");
        }
    }

    static int limit(String limit, int fallback) {
        long value = number(limit, fallback, "limit");
        if (value < 1 || value > 1000) {
            throw new ApiProblem(400, "invalid_message", "limit must be 1-1000");
        }
        return (int) value;
    }
}
