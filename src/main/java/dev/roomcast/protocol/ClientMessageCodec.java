package dev.roomcast.protocol;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads client requests with Jackson's streaming parser. {@code content} and {@code ref} are cut
 * out of the original text by token offsets, so they reach recipients byte for byte as sent.
 * Every failure is a {@link ProtocolException} carrying an error code and, for a valid JSON object, its ref.
 * Pure: no metrics, no spans (the endpoint records those around the call).
 */
@Singleton
public class ClientMessageCodec {

    /** Longest accepted {@code ref}, in characters of its JSON text. */
    public static final int MAX_REF_LENGTH = 128;
    /** Longest client message {@code id}, in characters. */
    public static final int MAX_ID_LENGTH = 64;
    /** Longest {@code since.epoch}, in characters. */
    public static final int MAX_EPOCH_LENGTH = 64;

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * The request in a text frame; a refusal is a ProtocolException. A refusal of a valid JSON object
     * carries the object's {@code ref} wherever it stands: when the failure came before the ref was read,
     * the text is scanned again for it (on the failure path only, so valid requests are read once).
     */
    public ClientMessage decode(String text) {
        try {
            return read(text);
        } catch (ProtocolException refused) {
            if (refused.ref() != null || refused.code() == ErrorCode.MALFORMED_JSON) {
                throw refused;
            }
            RawJson ref = refIn(text);
            throw ref == null ? refused : refused.withRef(ref);
        }
    }

    private ClientMessage read(String text) {
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, "a request must be a JSON object", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> f.type = string(p, value, "type", f);
                    case "room" -> f.room = string(p, value, "room", f);
                    case "to" -> f.to = string(p, value, "to", f);
                    case "content" -> f.content = raw(p, value, text);
                    case "ref" -> f.ref = ref(p, value, text, f);
                    case "id" -> f.id = id(p, value, f);
                    case "since" -> f.since = since(p, value, f);
                    case "after" -> f.after = string(p, value, "after", f);
                    case "limit" -> f.limit = limit(p, value, f);
                    case "offset" -> f.offset = offset(p, value, f);
                    case "epoch" -> f.epoch = epoch(p, value, f);
                    case "inbox" -> f.inbox = flag(p, value, "inbox", f);
                    default -> p.skipChildren(); // unknown fields are ignored, for forward compatibility
                }
            }
            if (p.nextToken() != null) {
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, "unexpected data after the JSON object", f.ref);
            }
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "invalid JSON: " + e.getOriginalMessage(), f.ref);
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "unreadable request", f.ref);
        }
        return f.toMessage();
    }

    /** The valid top-level {@code ref} of a text that is one valid JSON object; otherwise null. */
    private static RawJson refIn(String text) {
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("ref".equals(name)) {
                    f.ref = ref(p, value, text, f);
                } else {
                    p.skipChildren();
                }
            }
            return p.nextToken() == null ? f.ref : null;
        } catch (IOException | ProtocolException notValid) {
            return null; // not valid JSON, or the ref itself is refused: nothing to echo
        }
    }

    private static String string(JsonParser p, JsonToken value, String field, Fields f) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "field '" + field + "' must be a string", f.ref);
        }
        return p.getText();
    }

    private static String id(JsonParser p, JsonToken value, Fields f) throws IOException {
        String id = string(p, value, "id", f);
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "field 'id' must have 1 to " + MAX_ID_LENGTH + " characters", f.ref);
        }
        return id;
    }

    private static Integer limit(JsonParser p, JsonToken value, Fields f) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 1 || p.getLongValue() > ClientMessage.Members.MAX_LIMIT) {
            p.skipChildren();
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                    "field 'limit' must be a whole number from 1 to " + ClientMessage.Members.MAX_LIMIT, f.ref);
        }
        return p.getIntValue();
    }

    private static long offset(JsonParser p, JsonToken value, Fields f) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || p.getLongValue() < 0 || p.getLongValue() > Offsets.MAX) {
            p.skipChildren();
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                    "field 'offset' must be a whole number from 0 to " + Offsets.MAX, f.ref);
        }
        return p.getLongValue();
    }

    private static String epoch(JsonParser p, JsonToken value, Fields f) throws IOException {
        String epoch = string(p, value, "epoch", f);
        if (epoch.isEmpty() || epoch.length() > MAX_EPOCH_LENGTH) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                    "field 'epoch' must have 1 to " + MAX_EPOCH_LENGTH + " characters", f.ref);
        }
        return epoch;
    }

    private static boolean flag(JsonParser p, JsonToken value, String field, Fields f) throws IOException {
        if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
            p.skipChildren();
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "field '" + field + "' must be true or false", f.ref);
        }
        return value == JsonToken.VALUE_TRUE;
    }

    /** {@code {"offset": <integer >= 0>, "epoch": "<string>"}} */
    private static ClientMessage.Since since(JsonParser p, JsonToken value, Fields f) throws IOException {
        Long offset = null;
        String epoch = null;
        if (value == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("offset".equals(name) && v == JsonToken.VALUE_NUMBER_INT
                        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER && p.getLongValue() >= 0
                        && p.getLongValue() <= Offsets.MAX) {
                    offset = p.getLongValue();
                } else if ("epoch".equals(name) && v == JsonToken.VALUE_STRING && !p.getText().isEmpty()
                        && p.getText().length() <= MAX_EPOCH_LENGTH) {
                    epoch = p.getText();
                } else {
                    p.skipChildren();
                    throw invalidSince(f);
                }
            }
        } else {
            p.skipChildren();
        }
        if (offset == null || epoch == null) {
            throw invalidSince(f);
        }
        return new ClientMessage.Since(offset, epoch);
    }

    private static ProtocolException invalidSince(Fields f) {
        return new ProtocolException(ErrorCode.INVALID_MESSAGE,
                "field 'since' must be {\"offset\": <integer >= 0>, \"epoch\": \"<string>\"}", f.ref);
    }

    private static RawJson ref(JsonParser p, JsonToken value, String text, Fields f) throws IOException {
        if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
            p.skipChildren();
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "field 'ref' must be a string or a number", f.ref);
        }
        RawJson ref = raw(p, value, text);
        if (ref.json().length() > MAX_REF_LENGTH) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                    "field 'ref' is longer than " + MAX_REF_LENGTH + " characters", null);
        }
        return ref;
    }

    /** The exact text of the value the parser stands on, found by its start and end offsets. */
    private static RawJson raw(JsonParser p, JsonToken value, String text) throws IOException {
        int start = (int) p.currentTokenLocation().getCharOffset();
        if (value.isStructStart()) {
            p.skipChildren();
        } else if (value == JsonToken.VALUE_STRING) {
            p.finishToken(); // strings are read lazily; move past the closing quote
        }
        int end = (int) p.currentLocation().getCharOffset();
        return new RawJson(text.substring(start, end));
    }

    /** The room a request names, or null (for spans and the encoder). */
    public static String roomOf(ClientMessage m) {
        if (m instanceof ClientMessage.Join j) {
            return j.room();
        }
        if (m instanceof ClientMessage.Leave l) {
            return l.room();
        }
        if (m instanceof ClientMessage.Members members) {
            return members.room();
        }
        if (m instanceof ClientMessage.Read read) {
            return read.room();
        }
        return m instanceof ClientMessage.Message msg ? msg.room() : null;
    }

    /** What one request carried; turned into a typed message once the whole object is read. */
    private static final class Fields {
        String type;
        String room;
        String to;
        RawJson content;
        RawJson ref;
        String id;
        ClientMessage.Since since;
        String after;
        Integer limit;
        Long offset;
        String epoch;
        boolean inbox;

        ClientMessage toMessage() {
            if (type == null) {
                throw missing("type");
            }
            MessageType known = MessageType.ofRequest(type);
            if (known == null) {
                throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown type '" + type + "'", ref);
            }
            return switch (known) {
                case JOIN -> new ClientMessage.Join(require(room, "room"), since, ref);
                case LEAVE -> new ClientMessage.Leave(require(room, "room"), ref);
                case MESSAGE -> new ClientMessage.Message(require(room, "room"), require(content, "content"), id, ref);
                case BROADCAST -> new ClientMessage.Broadcast(require(content, "content"), id, ref);
                case PRIVATE -> new ClientMessage.Private(require(to, "to"), require(content, "content"), id, ref);
                case READ -> read();
                case PING -> new ClientMessage.Ping(ref);
                case MEMBERS -> new ClientMessage.Members(require(room, "room"), after,
                        limit == null ? ClientMessage.Members.DEFAULT_LIMIT : limit, ref);
                default -> throw new IllegalStateException("no request of type " + known); // ofRequest returned it
            };
        }

        /** Either {@code room} or {@code "inbox": true}, never both. */
        private ClientMessage.Read read() {
            if ((room == null) == !inbox) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "a read names either 'room' or \"inbox\": true", ref);
            }
            return new ClientMessage.Read(room, require(offset, "offset"), epoch, ref);
        }

        private <T> T require(T value, String field) {
            if (value == null) {
                throw missing(field);
            }
            return value;
        }

        private ProtocolException missing(String field) {
            return new ProtocolException(ErrorCode.INVALID_MESSAGE, "missing field '" + field + "'", ref);
        }
    }
}
