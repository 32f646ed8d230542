package dev.roomcast.hook;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.roomcast.protocol.RawJson;

/**
 * What the backend answered with status 200: {@code {"allow": true}} with, depending on the hook, {@code content}
 * and {@code meta} (publish) or {@code rooms} (connect); or {@code {"allow": false, "code": ..., "message": ...}}.
 * Fields that do not belong to the hook are ignored.
 *
 * @param code the denial's code, checked: {@code [a-z0-9_.-]{1,64}}, else {@link #DEFAULT_CODE}
 * @param content the replacement content, or null to keep the client's
 * @param meta JSON to attach to the message as {@code meta}, or null
 * @param join room patterns the connection may join, replacing the token's grants; null to keep them
 * @param publish room patterns the connection may publish to, replacing the token's grants; null to keep them
 */
record HookAnswer(boolean allow, String code, String message, RawJson content, RawJson meta, List<String> join,
        List<String> publish) {

    static final String DEFAULT_CODE = "denied";
    static final int MAX_MESSAGE = 256;
    private static final Pattern CODE = Pattern.compile("[a-z0-9_.-]{1,64}");
    private static final String DEFAULT_MESSAGE = "refused by the application";

    /** Reads an answer body; the tree keeps numbers exact so a rewritten content is passed on as written. */
    static final class Reader {
        private final ObjectMapper json = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

        /** @throws IllegalArgumentException saying why the body is not an answer */
        HookAnswer read(Hook hook, byte[] body) {
            JsonNode root;
            try {
                root = json.readTree(body);
            } catch (IOException e) {
                throw new IllegalArgumentException("the answer is not JSON");
            }
            if (root == null || !root.isObject() || !root.path("allow").isBoolean()) {
                throw new IllegalArgumentException("the answer has no boolean allow");
            }
            if (!root.get("allow").booleanValue()) {
                return new HookAnswer(false, code(root.get("code")), message(root.get("message")), null, null, null, null);
            }
            return switch (hook) {
                case PUBLISH -> new HookAnswer(true, null, null, raw(root.get("content")), raw(root.get("meta")), null, null);
                case CONNECT -> rooms(root.get("rooms"));
                case JOIN -> new HookAnswer(true, null, null, null, null, null, null);
            };
        }

        private static RawJson raw(JsonNode node) {
            return node == null ? null : new RawJson(node.toString());
        }

        /** A list (or a space/comma separated string, like the token's claim) for both; or {@code {join, publish}}. */
        private static HookAnswer rooms(JsonNode rooms) {
            if (rooms == null || rooms.isNull()) {
                return new HookAnswer(true, null, null, null, null, null, null);
            }
            if (rooms.isObject()) {
                return new HookAnswer(true, null, null, null, null, patterns(rooms.get("join")), patterns(rooms.get("publish")));
            }
            List<String> both = patterns(rooms);
            return new HookAnswer(true, null, null, null, null, both, both);
        }

        /** Null when absent (keep the token's); empty when the backend grants none. */
        private static List<String> patterns(JsonNode node) {
            if (node == null || node.isNull()) {
                return null;
            }
            List<String> patterns = new ArrayList<>();
            if (node.isTextual()) {
                for (String pattern : node.textValue().split("[\\s,]+")) {
                    if (!pattern.isEmpty()) {
                        patterns.add(pattern);
                    }
                }
                return patterns;
            }
            if (!node.isArray()) {
                throw new IllegalArgumentException("rooms must be a list of room patterns");
            }
            for (JsonNode pattern : node) {
                if (!pattern.isTextual()) {
                    throw new IllegalArgumentException("rooms must be a list of room patterns");
                }
                patterns.add(pattern.textValue());
            }
            return patterns;
        }

        private static String code(JsonNode code) {
            return code != null && code.isTextual() && CODE.matcher(code.textValue()).matches() ? code.textValue()
                    : DEFAULT_CODE;
        }

        private static String message(JsonNode message) {
            if (message == null || !message.isTextual() || message.textValue().isBlank()) {
                return DEFAULT_MESSAGE;
            }
            String text = message.textValue();
            return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE);
        }
    }
}
