package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.RawWebSocket;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
public class RoomsTest {

    @TestHTTPResource("/ws")
    URI ws;

    private WsClient connect(String user) {
        return WsClient.connect(ws, "id=" + user);
    }

    /** {@code a} joins, then {@code b}; both replies and a's notice about b are consumed. */
    private static void bothJoin(String room, WsClient a, WsClient b) {
        a.send("type", "join", "room", room);
        a.next("joined");
        b.send("type", "join", "room", room);
        b.next("joined");
        a.next("user_joined");
    }

    private static List<String> members(JsonNode joined) {
        return WsClient.JSON.convertValue(joined.get("members"), WsClient.JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
    }

    @Test
    void welcomeCarriesTheIdFromTheQueryOrAGeneratedOne() {
        String alice = unique("alice");
        try (WsClient a = connect(alice); WsClient anon = WsClient.connect(ws, null)) {
            assertEquals(alice, a.user());
            assertTrue(anon.user().startsWith("anon-"), anon.user());
        }
    }

    @Test
    void joinRepliesWithMembersAndTellsTheOtherMembers() {
        String room = unique("room"), alice = unique("alice"), bob = unique("bob");
        try (WsClient a = connect(alice); WsClient b = connect(bob)) {
            a.send("type", "join", "room", room, "ref", "j1");
            JsonNode aJoined = a.next("joined");
            assertEquals(room, aJoined.get("room").asText());
            assertEquals(List.of(alice), members(aJoined));
            assertEquals("j1", aJoined.get("ref").asText());

            b.send("type", "join", "room", room, "ref", 5);
            JsonNode bJoined = b.next("joined");
            assertEquals(List.of(alice, bob), members(bJoined));
            assertTrue(bJoined.get("ref").isInt(), "a numeric ref stays a number: " + bJoined);

            JsonNode notice = a.next("user_joined");
            assertEquals(room, notice.get("room").asText());
            assertEquals(bob, notice.get("user").asText());
            b.sync();
            assertEquals(List.of(), b.drain(), "the joiner is not told about itself");
        }
    }

    @Test
    void roomMessageReachesEveryMemberWithContentUnchangedAndNobodyElse() {
        String room = unique("room");
        try (WsClient a = connect(unique("alice")); WsClient b = connect(unique("bob")); WsClient outsider = connect(unique("carol"))) {
            bothJoin(room, a, b);
            outsider.send("type", "join", "room", unique("elsewhere"));
            outsider.next("joined");

            long before = System.currentTimeMillis();
            a.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"content\":{\"n\":1.10,\"s\":\"h\\u00e9 🎉\"}}");
            for (WsClient member : List.of(a, b)) {
                JsonNode m = member.next("message");
                assertEquals(room, m.get("room").asText());
                assertEquals(a.user(), m.get("from").asText());
                assertEquals("{\"n\":1.10,\"s\":\"hé 🎉\"}", m.get("content").toString());
                assertTrue(m.get("ts").asLong() >= before, "ts is the server's acceptance time: " + m);
            }
            assertEquals(List.of(), outsider.receivedBeforeMarkerFrom(a), "a client outside the room gets nothing");
        }
    }

    @Test
    void contentBytesAreForwardedExactlyAsSent() {
        String room = unique("room");
        try (WsClient a = connect(unique("alice"))) {
            a.send("type", "join", "room", room);
            a.next("joined");
            String content = "{ \"price\" : 1.10 , \"big\": 12345678901234567890123, \"e\": \"\\u00e9\" }";
            a.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"content\":" + content + "}");
            String frame = a.nextText();
            assertTrue(frame.contains("\"content\":" + content + ","), "content spacing, escapes and digits kept: " + frame);
        }
    }

    @Test
    void leaveRepliesLeftTellsTheOthersAndStopsDelivery() {
        String room = unique("room");
        try (WsClient a = connect(unique("alice")); WsClient b = connect(unique("bob"))) {
            bothJoin(room, a, b);

            b.send("type", "leave", "room", room, "ref", "bye");
            JsonNode left = b.next("left");
            assertEquals(room, left.get("room").asText());
            assertEquals("bye", left.get("ref").asText());
            JsonNode notice = a.next("user_left");
            assertEquals(b.user(), notice.get("user").asText());

            a.send("type", "message", "room", room, "content", "after");
            a.next("message");
            assertEquals(List.of(), b.receivedBeforeMarkerFrom(a), "a client that left gets no more room traffic");
        }
    }

    @Test
    void roomsNamedAtConnectAreJoinedInOrderAndBadNamesAreReported() {
        String r1 = unique("r"), r2 = unique("r");
        try (WsClient c = WsClient.connect(ws, "id=" + unique("dave") + "&room=" + r1 + "," + r2 + ",bad%20room")) {
            assertEquals(r1, c.next("joined").get("room").asText());
            assertEquals(r2, c.next("joined").get("room").asText());
            assertEquals("invalid_room", c.next("error").get("code").asText());
            c.send("type", "message", "room", r2, "content", "ok");
            assertEquals(r2, c.next("message").get("room").asText());
        }
    }

    /**
     * Requests written in one TCP write are carried out one after another: the message waits for the
     * join (which goes to Redis in the Redis variant), the leave for the message, and the error for
     * an unreadable request comes in its place among the replies.
     */
    /** In memory a member's own room message reaches it before its next request is handled. */
    protected boolean ownMessageComesBackAtOnce() {
        return true;
    }

    @Test
    void requestsSentTogetherAreCarriedOutInOrder() throws Exception {
        String room = unique("together");
        try (RawWebSocket c = RawWebSocket.connect(ws, "id=" + unique("erin"), 10_000)) {
            c.readUntil(RawWebSocket.TEXT); // welcome
            c.writeTextsTogether(List.of(
                    "{\"type\":\"join\",\"room\":\"" + room + "\",\"ref\":\"j\"}",
                    "not json",
                    "{\"type\":\"message\",\"room\":\"" + room + "\",\"content\":\"in\"}",
                    "{\"type\":\"leave\",\"room\":\"" + room + "\",\"ref\":\"l\"}",
                    "{\"type\":\"message\",\"room\":\"" + room + "\",\"content\":\"out\",\"ref\":\"m\"}",
                    "{\"type\":\"ping\",\"ref\":\"p\"}"));

            List<String> replies = new ArrayList<>();
            do {
                JsonNode reply = WsClient.JSON.readTree(c.readUntil(RawWebSocket.TEXT).text());
                replies.add(reply.get("type").asText() + (reply.has("code") ? ":" + reply.get("code").asText() : "")
                        + (reply.has("content") ? ":" + reply.get("content").asText() : ""));
            } while (!replies.get(replies.size() - 1).equals("pong"));
            if (ownMessageComesBackAtOnce()) {
                assertEquals(List.of("joined", "error:malformed_json", "message:in", "left", "error:not_member", "pong"), replies);
            } else { // the message comes back through Redis: maybe only after the leave, then not at all
                replies.remove("message:in");
                assertEquals(List.of("joined", "error:malformed_json", "left", "error:not_member", "pong"), replies);
            }
        }
    }

    @Test
    void disconnectLeavesEveryRoomAndTellsTheMembers() {
        String r1 = unique("r"), r2 = unique("r");
        try (WsClient b = connect(unique("bob"))) {
            b.send("type", "join", "room", r1);
            b.next("joined");
            b.send("type", "join", "room", r2);
            b.next("joined");
            String alice;
            try (WsClient a = WsClient.connect(ws, "id=" + unique("alice") + "&room=" + r1 + "," + r2)) {
                alice = a.user();
                a.next("joined");
                a.next("joined");
                b.next("user_joined");
                b.next("user_joined");
            }
            JsonNode first = b.next("user_left");
            JsonNode second = b.next("user_left");
            assertEquals(alice, first.get("user").asText());
            assertEquals(alice, second.get("user").asText());
            assertEquals(java.util.Set.of(r1, r2), java.util.Set.of(first.get("room").asText(), second.get("room").asText()));
        }
    }

    @Test
    void aUserWithTwoConnectionsIsOneMember() {
        String room = unique("room"), alice = unique("alice");
        try (WsClient watcher = connect(unique("bob")); WsClient a1 = connect(alice); WsClient a2 = connect(alice)) {
            watcher.send("type", "join", "room", room);
            watcher.next("joined");
            a1.send("type", "join", "room", room);
            assertEquals(2, members(a1.next("joined")).size());
            a2.send("type", "join", "room", room);
            assertEquals(2, members(a2.next("joined")).size(), "alice is listed once");
            assertEquals(alice, watcher.next("user_joined").get("user").asText());

            a1.send("type", "leave", "room", room);
            a1.next("left");
            assertEquals(List.of(), watcher.receivedBeforeMarkerFrom(a2), "no user_joined for alice's second connection");
            assertEquals(List.of(), watcher.receivedBeforeMarkerFrom(a1), "no user_left while alice is still in");

            a2.send("type", "leave", "room", room);
            a2.next("left");
            assertEquals(alice, watcher.next("user_left").get("user").asText());
        }
    }

    @Test
    void joiningTwiceRepliesAgainWithoutNotifyingAnyone() {
        String room = unique("room");
        try (WsClient a = connect(unique("alice")); WsClient b = connect(unique("bob"))) {
            bothJoin(room, a, b);
            b.send("type", "join", "room", room, "ref", "again");
            JsonNode again = b.next("joined");
            assertEquals(2, members(again).size());
            assertEquals("again", again.get("ref").asText());
            assertEquals(List.of(), a.receivedBeforeMarkerFrom(b));
        }
    }
}
