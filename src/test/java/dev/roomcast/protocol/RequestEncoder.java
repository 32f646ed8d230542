package dev.roomcast.protocol;

import java.io.IOException;
import java.io.StringWriter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/** The inverse of {@link ClientMessageCodec#decode}, for round-trip tests (the clients have their own). */
final class RequestEncoder {

    private static final JsonFactory JSON = new JsonFactory();

    private RequestEncoder() {
    }

    /** What a client would send for {@code message}. */
    static String encode(ClientMessage message) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", message.type().wire());
            writeOptional(g, "room", ClientMessageCodec.roomOf(message));
            writeOptional(g, "to", message instanceof ClientMessage.Private p ? p.to() : null);
            writeOptional(g, "id", idOf(message));
            if (message instanceof ClientMessage.Read read) {
                if (read.inbox()) {
                    g.writeBooleanField("inbox", true);
                }
                g.writeNumberField("offset", read.offset());
                writeOptional(g, "epoch", read.epoch());
            }
            if (message instanceof ClientMessage.Members members) {
                writeOptional(g, "after", members.after());
                g.writeNumberField("limit", members.limit());
            }
            if (message instanceof ClientMessage.Join j && j.since() != null) {
                g.writeObjectFieldStart("since");
                g.writeNumberField("offset", j.since().offset());
                g.writeStringField("epoch", j.since().epoch());
                g.writeEndObject();
            }
            writeRaw(g, "content", contentOf(message));
            writeRaw(g, "ref", message.ref());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
        return out.toString();
    }

    private static String idOf(ClientMessage m) {
        if (m instanceof ClientMessage.Message msg) {
            return msg.id();
        }
        if (m instanceof ClientMessage.Private p) {
            return p.id();
        }
        return m instanceof ClientMessage.Broadcast b ? b.id() : null;
    }

    private static RawJson contentOf(ClientMessage m) {
        if (m instanceof ClientMessage.Message msg) {
            return msg.content();
        }
        if (m instanceof ClientMessage.Broadcast b) {
            return b.content();
        }
        return m instanceof ClientMessage.Private p ? p.content() : null;
    }

    private static void writeOptional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void writeRaw(JsonGenerator g, String name, RawJson value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeRawValue(value.json());
        }
    }
}
