package dev.roomcast.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServerMessageEncoderTest {

    private static String encode(ServerMessage m) {
        return new String(ServerMessageEncoder.encode(m).utf8(), StandardCharsets.UTF_8);
    }

    @Test
    void encodesEveryServerMessage() {
        RawJson ref = new RawJson("\"r\"");
        assertEquals("{\"type\":\"welcome\",\"id\":\"alice\"}", encode(new ServerMessage.Welcome("alice", null, null)));
        assertEquals("{\"type\":\"joined\",\"room\":\"a\",\"members\":[\"x\",\"y\"],\"member_count\":2,\"ref\":\"r\"}",
                encode(new ServerMessage.Joined("a", List.of("x", "y"), ref)));
        assertEquals("{\"type\":\"joined\",\"room\":\"a\",\"member_count\":5000,\"offset\":7,\"epoch\":\"e1\",\"recovered\":true}",
                encode(new ServerMessage.Joined("a", null, 5000, new HistoryPosition(7, "e1"), true, null)));
        assertEquals("{\"type\":\"accepted\",\"room\":\"a\",\"offset\":8,\"ref\":\"r\"}",
                encode(new ServerMessage.Accepted("a", 8L, ref)));
        assertEquals("{\"type\":\"members\",\"room\":\"a\",\"users\":[\"x\"],\"next\":\"x\",\"ref\":\"r\"}",
                encode(new ServerMessage.Members("a", List.of("x"), "x", ref)));
        assertEquals("{\"type\":\"presence_diff\",\"room\":\"a\",\"joined\":[\"x\"],\"left\":[],\"count\":2000}",
                encode(new ServerMessage.PresenceDiff("a", List.of("x"), List.of(), 2000, 0)));
        assertEquals("{\"type\":\"presence_diff\",\"room\":\"a\",\"unlisted\":500,\"count\":2000}",
                encode(ServerMessage.PresenceDiff.unlisted("a", 500, 2000)));
        assertEquals("{\"type\":\"user_joined\",\"room\":\"a\",\"user\":\"x\"}", encode(new ServerMessage.UserJoined("a", "x")));
        assertEquals("{\"type\":\"user_left\",\"room\":\"a\",\"user\":\"x\"}", encode(new ServerMessage.UserLeft("a", "x")));
        assertEquals("{\"type\":\"left\",\"room\":\"a\"}", encode(new ServerMessage.Left("a", null)));
        assertEquals("{\"type\":\"message\",\"room\":\"a\",\"from\":\"x\",\"content\":{\"n\":1.10},\"ts\":5}",
                encode(new ServerMessage.Message("a", "x", new RawJson("{\"n\":1.10}"), 5, null)));
        assertEquals("{\"type\":\"message\",\"room\":\"a\",\"from\":\"x\",\"content\":1,\"ts\":5,\"meta\":{\"s\":0.50}}",
                encode(new ServerMessage.Message("a", "x", new RawJson("1"), 5, new RawJson("{\"s\":0.50}"))), "meta after content");
        assertEquals("{\"type\":\"broadcast\",\"from\":\"x\",\"content\":\"hi\",\"ts\":6}",
                encode(new ServerMessage.Broadcast("x", new RawJson("\"hi\""), 6)));
        assertEquals("{\"type\":\"private\",\"from\":\"x\",\"content\":[],\"ts\":7}",
                encode(new ServerMessage.Private("x", new RawJson("[]"), 7)));
        assertEquals("{\"type\":\"pong\",\"ref\":3}", encode(new ServerMessage.Pong(new RawJson("3"))));
        assertEquals("{\"type\":\"error\",\"code\":\"not_member\",\"message\":\"no \\\"a\\\"\",\"ref\":\"r\"}",
                encode(new ServerMessage.Error("not_member", "no \"a\"", ref)));
        assertEquals("{\"type\":\"server_shutdown\",\"reason\":\"drain\",\"reconnect_after_ms\":250}",
                encode(new ServerMessage.ServerShutdown("drain", 250)));
    }

    @Test
    void encodesNonAsciiAsUtf8() {
        byte[] utf8 = ServerMessageEncoder.encode(new ServerMessage.Welcome("zoë", null, null)).utf8();
        assertEquals("{\"type\":\"welcome\",\"id\":\"zoë\"}", new String(utf8, StandardCharsets.UTF_8));
    }
}
