package dev.roomcast.protocol;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where one of a user's streams (the inbox, the broadcasts) stands at connect: its position (null when the
 * history could not be read), whether a resume recovered everything ({@code recovered}, null without a since) and
 * the user's read position in it ({@code readOffset}, null when none or not asked).
 */
@RegisterForReflection
public record StreamState(HistoryPosition position, Boolean recovered, Long readOffset) {

    static void write(JsonGenerator g, String name, StreamState state) throws IOException {
        if (state == null || state.position == null && state.recovered == null) {
            return; // not known: left out
        }
        g.writeObjectFieldStart(name);
        if (state.position != null) {
            g.writeNumberField("offset", state.position.offset());
            g.writeStringField("epoch", state.position.epoch());
        }
        if (state.recovered != null) {
            g.writeBooleanField("recovered", state.recovered);
        }
        if (state.readOffset != null) {
            g.writeNumberField("read_offset", state.readOffset);
        }
        g.writeEndObject();
    }
}
