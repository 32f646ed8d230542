package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;

import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.RoomTraffic;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Several senders at once: at every member, each sender's messages arrive in the order sent. */
@QuarkusTest
public class OrderingTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void eachSendersOrderIsKeptAtEveryMember() throws Exception {
        RoomTraffic.assertEachSendersOrder(ws, unique("room"), 6, 4, 250); // 4 senders and 2 pure listeners
    }
}
