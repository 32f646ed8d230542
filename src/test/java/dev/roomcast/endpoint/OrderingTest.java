package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.OrderCheck;
import dev.roomcast.support.RoomTraffic;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Several senders at once: at every member, each sender's messages arrive in the order sent. */
@QuarkusTest
public class OrderingTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void eachSendersOrderIsKeptAtEveryMember() throws Exception {
        String room = unique("room");
        int senders = 4;
        int perSender = 250;
        List<WsClient> clients = RoomTraffic.members(ws, room, senders + 2); // 4 senders and 2 pure listeners
        try {
            RoomTraffic.sendCounting(clients.subList(0, senders), room, perSender);

            for (WsClient member : clients) {
                OrderCheck.assertEachSendersOrder(member, senders * perSender, senders);
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }
}
