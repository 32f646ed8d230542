package dev.roomcast.hook;

import java.io.IOException;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import dev.roomcast.protocol.RawJson;
import io.vertx.core.MultiMap;

/** The JSON bodies of hook calls: {@code hook}, what Roomcast knows of the request, and {@code instance}. */
final class HookBodies {

    private final JsonFactory json = new JsonFactory();
    private final String instance;
    private final Set<String> hiddenParameters;

    /** {@code hiddenParameters}: query parameters never passed on (the token's). */
    HookBodies(String instance, Set<String> hiddenParameters) {
        this.instance = instance;
        this.hiddenParameters = hiddenParameters;
    }

    /** {@code claims} is the verified token's payload as sent (null without a token); query values are lists. */
    byte[] connect(String user, String claims, String address, MultiMap query) {
        return write(Hook.CONNECT, g -> {
            g.writeStringField("user", user);
            if (claims != null) {
                g.writeFieldName("claims");
                g.writeRawValue(claims);
            }
            g.writeStringField("address", address);
            g.writeObjectFieldStart("query");
            for (String name : query.names()) {
                if (!hiddenParameters.contains(name)) {
                    g.writeArrayFieldStart(name);
                    for (String value : query.getAll(name)) {
                        g.writeString(value);
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        });
    }

    byte[] join(String user, String room, String connection) {
        return write(Hook.JOIN, g -> {
            g.writeStringField("user", user);
            g.writeStringField("room", room);
            g.writeStringField("connection", connection);
        });
    }

    /** {@code content} as the client sent it; {@code id} may be null (then absent). */
    byte[] publish(String user, String room, String connection, RawJson content, String id) {
        return write(Hook.PUBLISH, g -> {
            g.writeStringField("user", user);
            g.writeStringField("room", room);
            g.writeStringField("connection", connection);
            g.writeFieldName("content");
            g.writeRawValue(content.json());
            if (id != null) {
                g.writeStringField("id", id);
            }
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private byte[] write(Hook hook, Fields fields) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
            try (JsonGenerator g = json.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("hook", hook.wire());
                fields.write(g);
                g.writeStringField("instance", instance);
                g.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a " + hook.wire() + " hook body", e); // to memory: a bug
        }
    }
}
