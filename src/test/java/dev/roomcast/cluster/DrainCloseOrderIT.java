package dev.roomcast.cluster;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.RawWebSocket;

/**
 * RFC 6455 §5.5.1: after its Close frame, an endpoint sends no more data frames. During a SIGTERM drain
 * clients that answer the Close at once (as browsers do) leave the room while the others are still
 * being closed; their user_left went out after the others' Close (45 of 100 got one), Chromium reported
 * "Data frame received after close" and the page saw 1006 instead of server_shutdown. Raw clients here
 * answer the Close a little later (as a busy page does), so the others' leaves fall between each Close
 * and its answer, and record every frame in order.
 */
public class DrainCloseOrderIT {

    private static final int CLIENTS = 100;
    /** Small rooms: each leave is announced at once (big rooms coalesce them into later diffs). */
    private static final int ROOM_SIZE = 5;
    private static final long ANSWER_AFTER_MS = 100;

    @Test
    void noFrameFollowsTheCloseFrameWhenClientsAnswerIt() throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(CLIENTS);
        ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();
        List<RawWebSocket> clients = new ArrayList<>();
        try (AppProcess app = AppProcess.start("instance-close-order", Map.of("roomcast.drain.timeout", "10s",
                "%test.roomcast.security.messages-per-second", "100", "%test.roomcast.security.message-burst", "200"))) {
            String room = null;
            for (int i = 0; i < CLIENTS; i++) {
                room = i % ROOM_SIZE == 0 ? unique("room") : room;
                RawWebSocket client = RawWebSocket.connect(app.ws(), "id=" + unique("u") + "&room=" + room, 15_000);
                client.readUntil(RawWebSocket.TEXT); // welcome
                clients.add(client);
            }
            List<Future<List<String>>> seen = new ArrayList<>();
            for (RawWebSocket client : clients) {
                seen.add(readers.submit(() -> framesAnsweringTheClose(client, answers)));
            }
            // One closed before the drain (1008 for a ping flood) that does not answer its Close: the drain's own
            // close must not add its server_shutdown after that first Close.
            RawWebSocket abuser = RawWebSocket.connect(app.ws(), "id=" + unique("abuser"), 15_000);
            clients.add(abuser);
            abuser.readUntil(RawWebSocket.TEXT); // welcome
            for (int i = 0; i < 400; i++) {
                abuser.write(RawWebSocket.PING, true, new byte[0]);
            }
            List<String> abused = new ArrayList<>();
            RawWebSocket.Frame frame;
            while ((frame = abuser.read()) != null && frame.opcode() != RawWebSocket.CLOSE) {
                abused.add("opcode " + frame.opcode());
            }
            assertTrue(frame != null && frame.closeCode() == 1008, "closed for the ping flood: " + abused);
            app.terminate();
            List<List<String>> all = new ArrayList<>();
            for (Future<List<String>> frames : seen) {
                all.add(frames.get(30, TimeUnit.SECONDS));
            }
            List<List<String>> afterClose = all.stream().filter(order -> order.contains("CLOSE 1001"))
                    .map(order -> order.subList(order.indexOf("CLOSE 1001"), order.size()))
                    .filter(tail -> tail.size() > 1).toList();
            assertEquals(List.of(), afterClose, afterClose.size() + " clients got frames after the Close");
            for (List<String> order : all) {
                int close = order.indexOf("CLOSE 1001");
                assertTrue(close >= 1, "a server_shutdown, then the close: " + order);
                assertTrue(order.get(close - 1).contains("server_shutdown"),
                        "server_shutdown right before the close, so the client knows when to come back: " + order);
            }
            List<String> afterFirstClose = new ArrayList<>();
            try {
                while ((frame = abuser.read()) != null) {
                    afterFirstClose.add(frame.opcode() == RawWebSocket.TEXT ? frame.text() : "opcode " + frame.opcode());
                }
            } catch (java.net.SocketException reset) {
                // the server ended the connection
            }
            assertEquals(List.of(), afterFirstClose, "nothing after the first Close, not even the drain's server_shutdown");
            assertEquals(143, app.awaitExit(Duration.ofSeconds(20)), app.log());
        } finally {
            readers.shutdownNow();
            answers.shutdownNow();
            for (RawWebSocket client : clients) {
                client.close();
            }
        }
    }

    /** Every frame until the server ends the TCP connection; the Close is answered a little later. */
    private static List<String> framesAnsweringTheClose(RawWebSocket client, ScheduledExecutorService answers)
            throws Exception {
        List<String> order = new ArrayList<>();
        try {
            RawWebSocket.Frame frame;
            while ((frame = client.read()) != null) {
                switch (frame.opcode()) {
                    case RawWebSocket.CLOSE -> {
                        order.add("CLOSE " + frame.closeCode());
                        int code = frame.closeCode();
                        answers.schedule(() -> {
                            client.writeClose(code);
                            return null;
                        }, ANSWER_AFTER_MS, TimeUnit.MILLISECONDS);
                    }
                    case RawWebSocket.TEXT -> order.add(frame.text());
                    case RawWebSocket.PING -> client.write(RawWebSocket.PONG, true, frame.payload());
                    default -> order.add("opcode " + frame.opcode());
                }
            }
        } catch (java.net.SocketException reset) {
            // the server ended the connection after the close handshake
        }
        return order;
    }
}
