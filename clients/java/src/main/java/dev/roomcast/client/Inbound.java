package dev.roomcast.client;

import com.fasterxml.jackson.databind.JsonNode;

/** Every frame from the server, unbatched and handed to the part it is for. Used on the client's thread only. */
final class Inbound {

    private final Lifecycle lifecycle;
    private final Requests requests;
    private final SendQueue queue;
    private final Rooms rooms;
    private final Streams streams;
    private final Reads reads;
    private final RoomcastListener listener;

    Inbound(Lifecycle lifecycle, Requests requests, SendQueue queue, Rooms rooms, Streams streams, Reads reads,
            RoomcastListener listener) {
        this.lifecycle = lifecycle;
        this.requests = requests;
        this.queue = queue;
        this.rooms = rooms;
        this.streams = streams;
        this.reads = reads;
        this.listener = listener;
    }

    void frame(String text) {
        JsonNode parsed;
        try {
            parsed = Requests.JSON.readTree(text);
        } catch (Exception e) {
            listener.onError(new RoomcastException("malformed_frame", text.length() > 200 ? text.substring(0, 200) : text));
            return;
        }
        if (parsed.isArray()) {
            parsed.forEach(this::handle); // a batched frame
        } else {
            handle(parsed);
        }
    }

    private void handle(JsonNode m) {
        switch (m.path("type").asText()) {
            case "welcome" -> {
                streams.welcome(m); // positions first: connect() completes, and OPEN is told, with them known
                lifecycle.welcomed(m.get("id").asText());
                rooms.rejoin();
                queue.pump(); // privates and broadcasts go at once; room messages once their room is joined
            }
            case "joined" -> rooms.joined(m);
            case "message" -> rooms.message(m);
            case "user_joined", "user_left", "presence_diff" -> rooms.presence(m);
            case "private" -> streams.privateMessage(m);
            case "broadcast" -> streams.broadcast(m);
            case "resumed" -> streams.resumed(m);
            case "read_position" -> reads.position(m);
            case "server_shutdown" -> lifecycle.shutdownNotice(m.path("reconnect_after_ms").asLong(0));
            case "error" -> error(m);
            default -> requests.settle(m); // accepted, pong, left, members
        }
    }

    private void error(JsonNode m) {
        RoomcastException error = new RoomcastException(m.path("code").asText(), m.path("message").asText(null));
        if (!requests.fail(m, error)) {
            listener.onError(error);
        }
    }
}
