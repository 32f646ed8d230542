package dev.roomcast.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.client.RoomcastListener.DirectMessage;
import dev.roomcast.client.RoomcastListener.Stream;

/**
 * The user's inbox (private messages) and the broadcast stream: their positions, resumed at every connect as rooms
 * are ({@code inbox_since}, {@code broadcast_since}), and their messages, each shown once. Used on the client's
 * thread only.
 */
final class Streams {

    final Position inbox;
    final Position broadcasts;
    private final RoomcastListener listener;
    /** What the current connection asked to resume from. */
    private Since askedInbox;
    private Since askedBroadcasts;

    /**
     * @param inboxSince where the first connect resumes the inbox from (saved from an earlier client, or
     *        {@link Since#EVERYTHING_HELD}); null: from what comes after the first welcome
     * @param broadcastSince likewise for the broadcasts
     */
    Streams(RoomcastListener listener, Since inboxSince, Since broadcastSince) {
        this.listener = listener;
        this.inbox = new Position(inboxSince);
        this.broadcasts = new Position(broadcastSince);
    }

    /** Query parameters for the next connect: where each stream was left (none before its first position, unless seeded). */
    List<String> params() {
        askedInbox = inbox.since();
        askedBroadcasts = broadcasts.since();
        List<String> params = new ArrayList<>();
        if (askedInbox != null) {
            params.add("inbox_since=" + ConnectUrl.encode(askedInbox.toString()));
        }
        if (askedBroadcasts != null) {
            params.add("broadcast_since=" + ConnectUrl.encode(askedBroadcasts.toString()));
        }
        return params;
    }

    /** {@code welcome}: each stream's latest position, and the inbox's read position. */
    void welcome(JsonNode m) {
        resume(Stream.INBOX, m.get("inbox"));
        resume(Stream.BROADCASTS, m.get("broadcasts"));
    }

    /** {@code resumed}: a stream's position that came late (Redis was slow at the welcome); its replay follows. */
    void resumed(JsonNode m) {
        resume(Stream.INBOX, m.get("inbox"));
        resume(Stream.BROADCASTS, m.get("broadcasts"));
    }

    void privateMessage(JsonNode m) {
        Long offset = m.hasNonNull("offset") ? m.get("offset").asLong() : null;
        if (inbox.seen(offset)) { // the same one twice in a replay: shown once
            listener.onPrivate(new DirectMessage(m.path("from").asText(), m.get("content"), m.path("ts").asLong(), offset));
        }
    }

    void broadcast(JsonNode m) {
        Long offset = m.hasNonNull("offset") ? m.get("offset").asLong() : null;
        if (broadcasts.seen(offset)) {
            listener.onBroadcast(new DirectMessage(m.path("from").asText(), m.get("content"), m.path("ts").asLong(), offset));
        }
    }

    /** Without the stream's object, or without its offset, the position is unknown: the old since stays for the next connect. */
    private void resume(Stream stream, JsonNode info) {
        if (info == null || !info.isObject()) {
            return;
        }
        Position position = stream == Stream.INBOX ? inbox : broadcasts;
        Position.Resumption resumed = position.resume(info, stream == Stream.INBOX ? askedInbox : askedBroadcasts, true);
        if (stream == Stream.INBOX && info.hasNonNull("offset")) {
            position.readAt(info.hasNonNull("read_offset") ? info.get("read_offset").asLong() : null, info.path("epoch").asText(null));
        }
        if (resumed != null && info.has("recovered")) {
            listener.onStreamResumed(stream, resumed.recovered(), resumed.missed());
        }
    }
}
