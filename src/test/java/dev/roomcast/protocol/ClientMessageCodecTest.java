package dev.roomcast.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


class ClientMessageCodecTest {

    private final ClientMessageCodec codec = new ClientMessageCodec();

    private ClientMessage decode(String text) {
        return codec.decode(text);
    }

    private ProtocolException refused(String text) {
        return assertThrows(ProtocolException.class, () -> decode(text));
    }

    @Test
    void decodesEveryRequestType() {
        assertEquals(new ClientMessage.Join("lobby", null), decode("{\"type\":\"join\",\"room\":\"lobby\"}"));
        assertEquals(new ClientMessage.Leave("lobby", null), decode("{\"type\":\"leave\",\"room\":\"lobby\"}"));
        assertEquals(new ClientMessage.Message("lobby", new RawJson("\"hi\""), null),
                decode("{\"type\":\"message\",\"room\":\"lobby\",\"content\":\"hi\"}"));
        assertEquals(new ClientMessage.Broadcast(new RawJson("{\"a\":1}"), null),
                decode("{\"type\":\"broadcast\",\"content\":{\"a\":1}}"));
        assertEquals(new ClientMessage.Private("bob", new RawJson("[1,2]"), null),
                decode("{\"type\":\"private\",\"to\":\"bob\",\"content\":[1,2]}"));
        assertEquals(new ClientMessage.Ping(null), decode("{\"type\":\"ping\"}"));
    }

    /** Content is cut from the original text: exact numbers, escapes, spacing and nesting survive. */
    @ParameterizedTest
    @ValueSource(strings = { "\"plain\"", "\"esc \\\" \\\\ \\u00e9 \\n\"", "\"héllo 🎉\"", "1.10", "-0", "12345678901234567890123",
            "1e400", "true", "false", "null", "{}", "[]", "{ \"a\" : [ 1 , {\"b\":null} ] }", "[[[[[\"deep\"]]]]]",
            "{\"}\":\"{\"}" })
    void passesContentThroughUnchanged(String content) {
        for (String text : new String[] {
                "{\"type\":\"broadcast\",\"content\":" + content + "}",
                "{\"content\":" + content + ",\"type\":\"broadcast\"}",
                "{ \"type\" : \"broadcast\" , \"content\" :  " + content + "  , \"x\":1 }" }) {
            ClientMessage.Broadcast b = (ClientMessage.Broadcast) decode(text);
            assertEquals(content, b.content().json(), text);
        }
    }

    @Test
    void decodesHistoryAndMembersFields() {
        assertEquals(new ClientMessage.Join("r", new ClientMessage.Since(17, "e1"), null),
                decode("{\"type\":\"join\",\"room\":\"r\",\"since\":{\"offset\":17,\"epoch\":\"e1\"}}"));
        assertEquals(new ClientMessage.Message("r", new RawJson("1"), "m-1", null),
                decode("{\"type\":\"message\",\"room\":\"r\",\"content\":1,\"id\":\"m-1\"}"));
        assertEquals(new ClientMessage.Members("r", "bob", 50, null),
                decode("{\"type\":\"members\",\"room\":\"r\",\"after\":\"bob\",\"limit\":50}"));
        assertEquals(new ClientMessage.Members("r", null, ClientMessage.Members.DEFAULT_LIMIT, null),
                decode("{\"type\":\"members\",\"room\":\"r\"}"));
        for (String bad : new String[] { "{\"type\":\"join\",\"room\":\"r\",\"since\":{\"offset\":-1,\"epoch\":\"e\"}}",
                "{\"type\":\"join\",\"room\":\"r\",\"since\":{\"offset\":1}}", "{\"type\":\"join\",\"room\":\"r\",\"since\":3}",
                "{\"type\":\"message\",\"room\":\"r\",\"content\":1,\"id\":\"\"}",
                "{\"type\":\"members\",\"room\":\"r\",\"limit\":1001}" }) {
            assertEquals(ErrorCode.INVALID_MESSAGE, refused(bad).code(), bad);
        }
    }

    @Test
    void refIsEchoedVerbatimAsStringOrNumber() {
        assertEquals(new RawJson("\"r-1\""), decode("{\"type\":\"ping\",\"ref\":\"r-1\"}").ref());
        assertEquals(new RawJson("42"), decode("{\"ref\":42,\"type\":\"ping\"}").ref());
        assertEquals(new RawJson("4.50"), decode("{\"type\":\"ping\",\"ref\":4.50}").ref());
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertEquals(new ClientMessage.Ping(null), decode("{\"type\":\"ping\",\"extra\":{\"deep\":[1,{\"x\":2}]},\"n\":3}"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "not json", "[1,2]", "\"ping\"", "42", "{\"type\":\"ping\"", "{\"type\":\"ping\"}{}",
            "{\"type\":\"ping\"} x", "{type:\"ping\"}", "{\"type\":\"ping\",}" })
    void malformedJsonIsRefused(String text) {
        assertEquals(ErrorCode.MALFORMED_JSON, refused(text).code());
    }

    @Test
    void missingOrMistypedFieldsAreRefusedWithTheRef() {
        ProtocolException noType = refused("{\"ref\":7}");
        assertEquals(ErrorCode.INVALID_MESSAGE, noType.code());
        assertEquals("missing field 'type'", noType.getMessage());
        assertEquals(new RawJson("7"), noType.ref());

        ProtocolException noRoom = refused("{\"type\":\"join\",\"ref\":\"j\"}");
        assertEquals(ErrorCode.INVALID_MESSAGE, noRoom.code());
        assertEquals("missing field 'room'", noRoom.getMessage());
        assertEquals(new RawJson("\"j\""), noRoom.ref());

        assertEquals("missing field 'content'", refused("{\"type\":\"message\",\"room\":\"a\"}").getMessage());
        assertEquals("missing field 'to'", refused("{\"type\":\"private\",\"content\":1}").getMessage());
        assertEquals("field 'room' must be a string", refused("{\"type\":\"join\",\"room\":5}").getMessage());
        assertEquals("field 'type' must be a string", refused("{\"type\":{\"a\":1}}").getMessage());
        assertEquals("field 'ref' must be a string or a number", refused("{\"type\":\"ping\",\"ref\":[1]}").getMessage());
        assertEquals(ErrorCode.INVALID_MESSAGE,
                refused("{\"type\":\"ping\",\"ref\":\"" + "x".repeat(ClientMessageCodec.MAX_REF_LENGTH) + "\"}").code());
    }

    @Test
    void unknownTypeIsRefusedWithTheRef() {
        ProtocolException e = refused("{\"type\":\"fly\",\"ref\":\"f\"}");
        assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
        assertEquals(new RawJson("\"f\""), e.ref());
    }

    @Test
    void malformedAfterTheRefKeepsTheRef() {
        ProtocolException e = refused("{\"ref\":\"early\",\"type\":\"ping\",");
        assertEquals(ErrorCode.MALFORMED_JSON, e.code());
        assertEquals(new RawJson("\"early\""), e.ref());
        assertNull(refused("{\"type\":").ref());
    }

    /** The ref comes back wherever it stands, whatever field is wrong (roomcast.js puts it last). */
    @ParameterizedTest
    @ValueSource(strings = { "{\"type\":\"join\",\"room\":5,\"ref\":\"b1\"}",
            "{\"type\":\"join\",\"room\":{\"a\":[1,{\"ref\":\"inner\"}]},\"x\":[],\"ref\":\"b1\"}",
            "{\"type\":7,\"ref\":\"b1\"}",
            "{\"type\":\"fly\",\"room\":\"r\",\"ref\":\"b1\"}",
            "{\"type\":\"members\",\"room\":\"r\",\"limit\":0,\"ref\":\"b1\"}",
            "{\"type\":\"members\",\"room\":\"r\",\"after\":false,\"ref\":\"b1\"}",
            "{\"type\":\"message\",\"room\":\"r\",\"content\":1,\"id\":\"\",\"ref\":\"b1\"}",
            "{\"type\":\"message\",\"room\":\"r\",\"content\":1,\"id\":\"%s\",\"ref\":\"b1\"}",
            "{\"type\":\"join\",\"room\":\"r\",\"since\":{\"offset\":-1,\"epoch\":\"e\"},\"ref\":\"b1\"}",
            "{\"type\":\"join\",\"room\":\"r\",\"since\":{\"epoch\":\"%s\",\"offset\":1},\"ref\":\"b1\"}",
            "{\"type\":\"private\",\"to\":null,\"content\":1, \"ref\" : \"b1\" }" })
    void refAfterTheBadFieldIsEchoed(String template) {
        String text = template.replace("%s", "x".repeat(65));
        ProtocolException e = refused(text);
        assertEquals(new RawJson("\"b1\""), e.ref(), text);
        assertEquals(text.contains("fly") ? ErrorCode.UNKNOWN_TYPE : ErrorCode.INVALID_MESSAGE, e.code(), text);
    }

    @Test
    void noRefIsInventedWhenTheFrameIsNotValidJsonOrTheRefIsBad() {
        assertNull(refused("{\"type\":\"join\",\"room\":5,\"ref\":\"b1\"").ref(), "unterminated");
        assertNull(refused("{\"type\":\"join\",\"room\":5,\"ref\":\"b1\"} x").ref(), "trailing data");
        assertNull(refused("{\"type\":\"join\",\"room\":5,\"ref\":{\"a\":1}}").ref(), "ref not a string or number");
        assertNull(refused("{\"type\":\"join\",\"room\":5,\"ref\":\"" + "x".repeat(200) + "\"}").ref(), "ref too long");
        assertEquals("field 'room' must be a string", refused("{\"type\":\"join\",\"room\":5,\"ref\":[1]}").getMessage(),
                "the first failure is the one reported");
    }

    @Test
    void nestingBeyondTheParserLimitIsMalformedNotACrash() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertEquals(ErrorCode.MALFORMED_JSON, refused("{\"type\":\"broadcast\",\"content\":" + deep + "}").code());
    }

    @Test
    void encodeRoundTrips() {
        ClientMessage[] messages = {
                new ClientMessage.Join("a", new RawJson("1")),
                new ClientMessage.Leave("a", null),
                new ClientMessage.Message("a", new RawJson("{\"x\":[1.10]}"), new RawJson("\"m\"")),
                new ClientMessage.Broadcast(new RawJson("\"b\""), null),
                new ClientMessage.Private("bob", new RawJson("null"), null),
                new ClientMessage.Ping(new RawJson("9")) };
        for (ClientMessage m : messages) {
            assertEquals(m, decode(RequestEncoder.encode(m)));
        }
    }
}
