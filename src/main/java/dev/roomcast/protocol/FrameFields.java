package dev.roomcast.protocol;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

/** Field writers shared by the {@link ServerMessage}s. */
final class FrameFields {
    private FrameFields() {
    }

    /** The sender, the content exactly as sent, and the server's acceptance time (epoch ms). */
    static void payload(JsonGenerator g, String from, RawJson content, long ts) throws IOException {
        g.writeStringField("from", from);
        g.writeFieldName("content");
        g.writeRawValue(content.json());
        g.writeNumberField("ts", ts);
    }

    static void users(JsonGenerator g, String field, List<String> users) throws IOException {
        g.writeArrayFieldStart(field);
        for (String user : users) {
            g.writeString(user);
        }
        g.writeEndArray();
    }

    static void ref(JsonGenerator g, RawJson ref) throws IOException {
        raw(g, "ref", ref);
    }

    /** A field whose value is JSON exactly as given; left out when null. */
    static void raw(JsonGenerator g, String field, RawJson value) throws IOException {
        if (value != null) {
            g.writeFieldName(field);
            g.writeRawValue(value.json());
        }
    }
}
