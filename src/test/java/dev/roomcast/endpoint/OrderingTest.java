package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.OrderCheck;
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
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < senders + 2; i++) { // 4 senders and 2 pure listeners
                WsClient c = WsClient.connect(ws, "id=" + unique("member") + "&room=" + room);
                c.next("joined");
                clients.add(c);
            }
            List<CompletableFuture<Void>> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                WsClient sender = clients.get(s);
                sending.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perSender; i++) {
                        sender.send("type", "message", "room", room, "content", i);
                    }
                }));
            }
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            for (WsClient member : clients) {
                OrderCheck.assertEachSendersOrder(member, senders * perSender, senders);
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }
}
