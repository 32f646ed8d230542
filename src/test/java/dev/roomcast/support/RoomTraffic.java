package dev.roomcast.support;

import static dev.roomcast.support.Ids.unique;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/** Shared set-up of the ordering and presence tests: a room full of members, several of them sending at once, who knows of whom. */
public final class RoomTraffic {

    private RoomTraffic() {
    }

    /** Connects {@code count} members straight into the room; each has seen its own {@code joined}. */
    public static List<WsClient> members(URI ws, String room, int count) {
        List<WsClient> members = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                WsClient c = WsClient.connect(ws, "id=" + unique("member") + "&room=" + room);
                members.add(c);
                c.next("joined");
            }
        } catch (RuntimeException | Error e) {
            members.forEach(WsClient::close);
            throw e;
        }
        return members;
    }

    /** Each sender, on its own thread, sends 0..perSender-1 to the room as fast as it can; returns when all are sent. */
    public static void sendCounting(List<WsClient> senders, String room, int perSender) throws Exception {
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        for (WsClient sender : senders) {
            sending.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perSender; i++) {
                    sender.send("type", "message", "room", room, "content", i);
                }
            }));
        }
        CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    /**
     * {@code count} members in the room, the first {@code senders} of them sending counting messages at
     * once: at every member, each sender's arrive in order. Closes the members afterwards.
     */
    public static void assertEachSendersOrder(URI ws, String room, int count, int senders, int perSender)
            throws Exception {
        List<WsClient> members = members(ws, room, count);
        try {
            assertEachSendersOrder(members, members.subList(0, senders), room, perSender);
        } finally {
            members.forEach(WsClient::close);
        }
    }

    /** The senders (members too) send counting messages at once; at every member each sender's arrive in order. */
    public static void assertEachSendersOrder(List<WsClient> members, List<WsClient> senders, String room,
            int perSender) throws Exception {
        sendCounting(senders, room, perSender);
        for (WsClient member : members) {
            OrderCheck.assertEachSendersOrder(member, senders.size() * perSender, senders.size());
        }
    }

    /** Whether a member knows of {@code user}: listed in its {@code joined}, or announced by a {@code user_joined} after it. */
    public static boolean knowsOf(List<JsonNode> frames, String user) {
        boolean joined = false;
        for (JsonNode frame : frames) {
            String type = frame.path("type").asText();
            if ("joined".equals(type)) {
                joined = true;
                for (JsonNode member : frame.path("members")) {
                    if (user.equals(member.asText())) {
                        return true;
                    }
                }
            } else if (joined && "user_joined".equals(type) && user.equals(frame.path("user").asText())) {
                return true;
            }
        }
        return false;
    }
}
