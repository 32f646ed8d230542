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

    static int limit(Integer limit, int fallback) {
        int value = limit == null ? fallback : limit;
        if (value < 1 || value > 1000) {
            throw new ApiProblem(400, "invalid_message", "limit must be 1-1000");
        }
        return value;
    }
}
