package dev.roomcast.protocol;

/**
 * A JSON value kept as the exact text the client sent, so {@code content} and {@code ref}
 * are passed through unchanged (no number rounding, no re-serialisation).
 */
public record RawJson(String json) {

    @Override
    public String toString() {
        return json;
    }
}
