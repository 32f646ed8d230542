package dev.roomcast.protocol;

/** Where a room's history stands: the epoch naming it and its latest offset (0 before the first message). */
public record HistoryPosition(long offset, String epoch) {
}
