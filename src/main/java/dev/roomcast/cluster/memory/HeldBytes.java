package dev.roomcast.cluster.memory;

import dev.roomcast.protocol.EncodedMessage;

/**
 * What history holds on the heap, in bytes, as the budget counts it: each part's own bytes plus a fixed
 * overhead for the objects around them. The overheads were measured on a 64-bit JVM with compressed
 * pointers (heap after a full GC, divided by what was held; docs/operations.md), then rounded up.
 */
final class HeldBytes {

    /** A held message besides its bytes: the array header and padding, the entry, the message record, its ring slot. */
    static final long ENTRY = 80;
    /** A client message id besides its characters: its string, the map node, the boxed offset, its queue slot. */
    static final long ID = 120;
    /** A room's log besides its name: the log, its rings and map, its epoch, its places in the two maps. */
    static final long ROOM = 520;

    /** What stamping adds to a message at most: {@code ,"offset":N} with N up to 19 digits. */
    static final long STAMP = 29;

    private HeldBytes() {
    }

    static long message(EncodedMessage stamped) {
        return ENTRY + stamped.utf8().length;
    }

    static long id(String key) {
        return ID + chars(key);
    }

    static long room(String name) {
        return ROOM + chars(name);
    }

    /** A string's characters on the heap: one byte each when all are Latin-1 (compact strings), else two. */
    private static long chars(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return 2L * s.length();
            }
        }
        return s.length();
    }
}
