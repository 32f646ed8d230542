package dev.roomcast.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the client sends and wants acknowledged ({@code accepted}): room messages, privates and broadcasts. They are
 * written in send order, no faster than the send rate, a room message only once its room is joined; kept until
 * accepted or refused, and written again with the same id after a reconnect. Used on the client's thread only.
 */
final class SendQueue {

    /** A frame's size beyond its room or recipient and content: type, ref and id. */
    private static final int FRAME_OVERHEAD = 96;

    private final ClientThread loop;
    private final Requests requests;
    private final UnsentMessages unsent;
    private final SendRate rate;
    private final int limit;
    private Predicate<String> joined = room -> false;
    private boolean pumpScheduled;

    SendQueue(RoomcastOptions options, ClientThread loop, Requests requests) {
        this.loop = loop;
        this.requests = requests;
        this.limit = options.maxUnsent();
        this.unsent = new UnsentMessages(options.maxUnsent());
        this.rate = new SendRate(options.sendsPerSecond(), options.sendBurst(), options.sendBytesPerSecond(),
                options.sendByteBurst());
    }

    /** Whether a room is joined now: its messages wait until it is. */
    void joinedBy(Predicate<String> joined) {
        this.joined = joined;
    }

    /**
     * Queues {@code frame} (a room message when {@code room} is not null); completes with the offset from its
     * {@code accepted} (null when the server keeps no offsets for it).
     */
    CompletableFuture<Long> add(ObjectNode frame, String room) {
        UnsentMessages.Unsent message = unsent.add(frame, room);
        if (message == null) {
            return CompletableFuture.failedFuture(new RoomcastException("queue_full", limit + " waiting already"));
        }
        pump();
        return message.result;
    }

    /** Writes what can go now, in order, no faster than the send rate; comes back by timer for the rest. */
    void pump() {
        if (!requests.isOpen()) {
            return;
        }
        for (UnsentMessages.Unsent message : unsent.unwrittenInOrder()) {
            if (message.room != null && !joined.test(message.room)) {
                continue;
            }
            long waitNanos = rate.waitNanos(message.frame.path("room").asText("").length()
                    + message.frame.path("content").toString().length() + FRAME_OVERHEAD);
            if (waitNanos > 0) {
                if (!pumpScheduled) {
                    pumpScheduled = true;
                    loop.schedule(() -> {
                        pumpScheduled = false;
                        pump();
                    }, waitNanos, TimeUnit.NANOSECONDS);
                }
                return;
            }
            write(message);
        }
    }

    /** The connection went: what was written to it goes again, with its id, on the next one. */
    void disconnected() {
        unsent.unwritten();
    }

    /** The room was left or its join refused: what waits to go there fails with {@code error}. */
    void failRoom(String room, RoomcastException error) {
        unsent.failRoom(room, error);
    }

    void failAll(RoomcastException error) {
        unsent.failAll(error);
    }

    private void write(UnsentMessages.Unsent message) {
        message.written = true;
        CompletableFuture<JsonNode> accepted = new CompletableFuture<>();
        String ref = requests.expect("m", accepted);
        accepted.whenComplete((reply, failure) -> unsent.settle(message, reply, failure));
        requests.write(message.frame.deepCopy().put("ref", ref));
    }
}
