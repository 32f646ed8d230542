package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.OrderCheck;
import dev.roomcast.support.RoomTraffic;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A room big enough that its frames are paced (flushed per connection on a cycle, not at the end of
 * the turn): every member still gets every message, in each sender's order, and nothing is left
 * waiting in the pacing wheel once the senders stop. No heartbeat pings here: a ping flushes what is
 * queued for its connection, which would hide a connection forgotten by the pacing.
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.heartbeat.interval", value = "1h"),
        @ResourceArg(name = "roomcast.heartbeat.timeout", value = "2h") })
public class BigRoomTest {

    private static final int MEMBERS = 48; // above the fan-out size that may be paced (32)

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void everyMemberGetsEveryMessageInOrderUnderSustainedFanout() throws Exception {
        String room = unique("big");
        int senders = 2;
        int perSender = 300;
        List<WsClient> members = RoomTraffic.members(ws, room, MEMBERS);
        try {
            RoomTraffic.sendCounting(members.subList(0, senders), room, perSender);

            for (WsClient member : members) {
                OrderCheck.assertEachSendersOrder(member, senders * perSender, senders);
            }
        } finally {
            members.forEach(WsClient::close);
        }
    }
}
