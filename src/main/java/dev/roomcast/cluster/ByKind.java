package dev.roomcast.cluster;

/** One of a thing per kind of history (rooms, inboxes, the broadcast stream), chosen by name. */
public record ByKind<T>(T rooms, T inboxes, T broadcasts) {

    public T of(String name) {
        return switch (Streams.Kind.of(name)) {
            case ROOM -> rooms;
            case INBOX -> inboxes;
            case BROADCASTS -> broadcasts;
        };
    }
}
