package dev.roomcast.streams;

import static dev.roomcast.support.Ids.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * What a client can rely on from its inbox (private messages), the broadcast stream and read positions, whatever
 * keeps them (memory or Redis): offsets, resume at connect, storage for users who are not connected, idempotent
 * ids, {@code accepted}, and read positions shared by every connection of a user.
 */
public abstract class StreamsContract {

    static final String KEY = "streams-key-0123456789";

    @TestHTTPResource("/ws")
    protected URI ws;

    @Test
    void aPrivateIsAcceptedWithItsInboxOffsetAndDeliveredWithIt() {
        String bob = unique("bob");
        try (WsClient alice = WsClient.connect(ws, "id=" + unique("alice"));
                WsClient b = WsClient.connect(ws, "id=" + bob)) {
            long start = b.welcome().get("inbox").get("offset").asLong();
            alice.send("type", "private", "to", bob, "content", "one", "ref", 1);
            JsonNode accepted = alice.next("accepted");
            assertEquals(bob, accepted.get("to").asText());
            assertEquals(start + 1, accepted.get("offset").asLong());
            JsonNode received = b.next("private");
            assertEquals(start + 1, received.get("offset").asLong());
            assertEquals("one", received.get("content").asText());
        }
    }

    @Test
    void aResumedInboxGetsExactlyWhatWasMissedInOrderBeforeLiveOnes() {
        String bob = unique("bob");
        try (WsClient alice = WsClient.connect(ws, "id=" + unique("alice"))) {
            String since;
            try (WsClient b = WsClient.connect(ws, "id=" + bob)) {
                alice.send("type", "private", "to", bob, "content", 0, "ref", "p0");
                alice.next("accepted");
                JsonNode seen = b.next("private");
                since = seen.get("offset").asLong() + ":" + b.welcome().get("inbox").get("epoch").asText();
            }
            for (int i = 1; i <= 5; i++) {
                alice.send("type", "private", "to", bob, "content", i, "ref", "p" + i);
                alice.next("accepted");
            }
            try (WsClient back = WsClient.connect(ws, "id=" + bob + "&inbox_since=" + since)) {
                JsonNode inbox = back.welcome().get("inbox");
                assertTrue(inbox.get("recovered").asBoolean(), inbox::toString);
                alice.send("type", "private", "to", bob, "content", 6);
                for (int i = 1; i <= 6; i++) {
                    assertEquals(i, back.next("private").get("content").asInt(), "missed ones first, in order, then live");
                }
            }
        }
    }

    @Test
    void aUserWhoWasNotConnectedGetsEverythingHeldOnReturn() {
        String away = unique("away");
        try (WsClient alice = WsClient.connect(ws, "id=" + unique("alice"))) {
            for (int i = 0; i < 3; i++) {
                alice.send("type", "private", "to", away, "content", i, "ref", i);
                assertEquals(i + 1, alice.next("accepted").get("offset").asLong(), "stored although nobody is connected");
            }
        }
        try (WsClient back = WsClient.connect(ws, "id=" + away + "&inbox_since=0:never-seen")) {
            JsonNode inbox = back.welcome().get("inbox");
            assertFalse(inbox.get("recovered").asBoolean(), "another epoch: recovered false, everything held follows");
            assertEquals(3, inbox.get("offset").asLong());
            for (int i = 0; i < 3; i++) {
                JsonNode p = back.next("private");
                assertEquals(i, p.get("content").asInt());
                assertEquals(i + 1, p.get("offset").asLong());
            }
        }
    }

    @Test
    void aResumeOlderThanTheInboxHoldsIsNotRecoveredAndGetsTheNewest() {
        String away = unique("away");
        String epoch;
        try (WsClient first = WsClient.connect(ws, "id=" + away)) {
            epoch = first.welcome().get("inbox").get("epoch").asText();
        }
        try (WsClient alice = WsClient.connect(ws, "id=" + unique("alice"))) {
            for (int i = 1; i <= inboxSize() + 5; i++) {
                alice.send("type", "private", "to", away, "content", i);
            }
            alice.send("type", "private", "to", away, "content", "last", "ref", "last");
            alice.next("accepted");
        }
        try (WsClient back = WsClient.connect(ws, "id=" + away + "&inbox_since=0:" + epoch)) {
            assertFalse(back.welcome().get("inbox").get("recovered").asBoolean());
            assertEquals(7, back.next("private").get("content").asInt(), "the oldest still held");
        }
    }

    @Test
    void aRepeatedPrivateIdIsStoredOnceAndAnsweredWithTheFirstOffset() {
        String bob = unique("bob");
        try (WsClient alice = WsClient.connect(ws, "id=" + unique("alice"));
                WsClient b = WsClient.connect(ws, "id=" + bob)) {
            alice.send("type", "private", "to", bob, "content", "once", "id", "m-1", "ref", 1);
            long first = alice.next("accepted").get("offset").asLong();
            alice.send("type", "private", "to", bob, "content", "once", "id", "m-1", "ref", 2);
            assertEquals(first, alice.next("accepted").get("offset").asLong());
            assertEquals("once", b.next("private").get("content").asText());
            b.sync();
            assertEquals(List.of(), b.drain(), "delivered once");
        }
    }

    @Test
    void broadcastsCarryOffsetsAndResumeAtConnect() {
        String since;
        try (WsClient a = WsClient.connect(ws, "id=" + unique("caster"))) {
            a.send("type", "broadcast", "content", "b0", "ref", "b0");
            JsonNode accepted = null;
            JsonNode own = null;
            while (accepted == null || own == null) { // the two may come in either order
                JsonNode frame = a.next();
                if ("accepted".equals(frame.path("type").asText())) {
                    accepted = frame;
                } else if ("broadcast".equals(frame.path("type").asText()) && "b0".equals(frame.path("content").asText())) {
                    own = frame;
                }
            }
            long offset = accepted.get("offset").asLong();
            assertEquals(offset, own.get("offset").asLong());
            since = offset + ":" + a.welcome().get("broadcasts").get("epoch").asText();
            a.send("type", "broadcast", "content", "b1", "ref", "b1");
            a.send("type", "broadcast", "content", "b2", "ref", "b2");
            a.skipTo("accepted");
            a.skipTo("accepted");
        }
        try (WsClient back = WsClient.connect(ws, "id=" + unique("back") + "&broadcast_since=" + since)) {
            assertTrue(back.welcome().get("broadcasts").get("recovered").asBoolean());
            List<String> got = new ArrayList<>();
            while (got.size() < 2) {
                String content = back.skipTo("broadcast").get("content").asText();
                if (content.startsWith("b")) { // other tests broadcast too
                    got.add(content);
                }
            }
            assertEquals(List.of("b1", "b2"), got);
        }
    }

    @Test
    void aReadPositionReachesEveryConnectionOfTheUserAndOnlyMovesForward() {
        String user = unique("reader");
        String room = unique("room");
        try (WsClient phone = WsClient.connect(ws, "id=" + user);
                WsClient laptop = WsClient.connect(ws, "id=" + user + "&room=" + room)) {
            JsonNode joined = laptop.next("joined");
            assertFalse(joined.has("read_offset"), "never read: " + joined);
            String epoch = joined.get("epoch").asText();
            for (int i = 0; i < 5; i++) {
                laptop.send("type", "message", "room", room, "content", i);
            }
            phone.send("type", "read", "room", room, "offset", 3, "epoch", epoch);
            for (WsClient c : List.of(phone, laptop)) {
                JsonNode read = c.skipTo("read_position");
                assertEquals(room, read.get("room").asText());
                assertEquals(3, read.get("offset").asLong());
            }
            phone.send("type", "read", "room", room, "offset", 2, "ref", "back");
            JsonNode unchanged = phone.next("read_position");
            assertEquals(3, unchanged.get("offset").asLong(), "a position never moves back");
            laptop.sync();
            assertTrue(laptop.drain().stream().noneMatch(f -> "read_position".equals(f.path("type").asText())),
                    "an unchanged position is told to its sender only");

            try (WsClient tablet = WsClient.connect(ws, "id=" + user)) {
                tablet.send("type", "join", "room", room);
                assertEquals(3, tablet.next("joined").get("read_offset").asLong());
            }
        }
    }

    @Test
    void theInboxReadPositionComesInTheWelcomeAndUnreadCountsWhatHistoryHolds() {
        String user = unique("counted");
        String room = unique("room");
        try (WsClient alice = WsClient.connect(ws, "id=" + unique("alice") + "&room=" + room);
                WsClient me = WsClient.connect(ws, "id=" + user + "&room=" + room)) {
            alice.next("joined");
            String epoch = me.next("joined").get("epoch").asText();
            for (int i = 0; i < 4; i++) {
                alice.send("type", "private", "to", user, "content", i);
                alice.send("type", "message", "room", room, "content", i, "ref", i);
                alice.skipTo("accepted");
            }
            long lastPrivate = 0;
            for (int i = 0; i < 4; i++) {
                lastPrivate = me.skipTo("private").get("offset").asLong();
            }
            me.send("type", "read", "inbox", true, "offset", lastPrivate - 1);
            assertTrue(me.skipTo("read_position").get("inbox").asBoolean());
            me.send("type", "read", "room", room, "offset", 1, "epoch", epoch);
            me.skipTo("read_position");

            JsonPath unread = given().header("Authorization", "Bearer " + KEY).get("/api/v1/users/" + user + "/unread")
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(room, unread.getString("rooms[0].room"));
            assertEquals(4, unread.getLong("rooms[0].offset"));
            assertEquals(1, unread.getLong("rooms[0].read_offset"));
            assertEquals(3, unread.getLong("rooms[0].unread"));
            assertEquals(1, unread.getLong("inbox.unread"));
        }
        try (WsClient again = WsClient.connect(ws, "id=" + user)) {
            JsonNode inbox = again.welcome().get("inbox");
            assertEquals(inbox.get("offset").asLong() - 1, inbox.get("read_offset").asLong(), inbox::toString);
        }
    }

    @Test
    void readsThatAreWrongGetClearErrors() {
        try (WsClient c = WsClient.connect(ws, "id=" + unique("wrong"))) {
            c.send("type", "read", "offset", 1, "ref", 1);
            assertEquals("invalid_message", c.next("error").get("code").asText(), "neither room nor inbox");
            c.send("type", "read", "room", "r", "inbox", true, "offset", 1, "ref", 2);
            assertEquals("invalid_message", c.next("error").get("code").asText(), "both");
            c.send("type", "read", "room", "r", "offset", -1, "ref", 3);
            assertEquals("invalid_message", c.next("error").get("code").asText());
            c.send("type", "read", "room", "#inbox:someone", "offset", 1, "ref", 4);
            assertEquals("invalid_room", c.next("error").get("code").asText(), "stream names are no rooms");
            c.send("type", "join", "room", "#broadcasts", "ref", 5);
            assertEquals("invalid_room", c.next("error").get("code").asText());
        }
    }

    @Test
    void aMalformedStreamSinceRefusesTheUpgrade() {
        for (String query : List.of("inbox_since=abc", "inbox_since=5", "broadcast_since=-1:e", "inbox_since=1:")) {
            Throwable refused = WsClient.connectFailure(ws, "id=" + unique("bad") + "&" + query);
            var response = assertInstanceOf(WebSocketHandshakeException.class, refused, query).getResponse();
            assertEquals(400, response.statusCode(), query);
            assertEquals("invalid_since", response.headers().firstValue("X-Roomcast-Error").orElse(""), query);
        }
    }

    @Test
    void theApiStoresAPrivateForAUserWhoIsNotConnected() {
        String away = unique("away");
        long offset = given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON)
                .body(Map.of("content", "from the backend")).post("/api/v1/users/" + away + "/messages")
                .then().statusCode(200).extract().jsonPath().getLong("offset");
        assertEquals(1, offset);
        try (WsClient back = WsClient.connect(ws, "id=" + away + "&inbox_since=0:new-device")) {
            assertEquals("from the backend", back.next("private").get("content").asText());
        }
    }

    /** roomcast.inbox.size in this configuration. */
    protected int inboxSize() {
        return 20;
    }
}
