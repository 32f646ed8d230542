package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;

import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.RoomTraffic;
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
        RoomTraffic.assertEachSendersOrder(ws, unique("big"), MEMBERS, 2, 300); // 2 senders, 300 messages each
    }
}
