package dev.roomcast.protocol;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

/** Encodes server messages straight to UTF-8 bytes: {@code {"type":...,<fields>}}. */
public final class ServerMessageEncoder {

    private static final JsonFactory JSON = new JsonFactory();

    private ServerMessageEncoder() {
    }

    public static EncodedMessage encode(ServerMessage message) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("type", message.type().wire());
                message.writeFields(g);
                g.writeEndObject();
            }
            return new EncodedMessage(out.toByteArray(), message.type());
        } catch (IOException e) {
            // Writing to memory cannot fail; a failure here is a bug in a writeFields method.
            throw new IllegalStateException("cannot encode " + message.type().wire(), e);
        }
    }
}
