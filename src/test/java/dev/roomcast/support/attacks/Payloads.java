package dev.roomcast.support.attacks;

/**
 * Room messages of the largest content the defaults allow ({@code limits.max-content-bytes}, 32 KiB, measured
 * on the JSON value with its quotes), numbered so that a reader can check their order.
 */
public final class Payloads {

    /** The default {@code roomcast.limits.max-content-bytes}. */
    public static final int MAX_CONTENT_BYTES = 32_768;

    private Payloads() {
    }

    /** {@code {"type":"message","room":room,"content":"<sequence>:xxx…"}} with content of exactly 32 KiB. */
    public static String message(String room, long sequence) {
        return message(room, sequence, MAX_CONTENT_BYTES);
    }

    /** The same with content of exactly {@code contentBytes}. */
    public static String message(String room, long sequence, int contentBytes) {
        String prefix = sequence + ":";
        return "{\"type\":\"message\",\"room\":\"" + room + "\",\"content\":\"" + prefix
                + "x".repeat(contentBytes - 2 - prefix.length()) + "\"}";
    }

    /** {@code {"type":"private","to":to,"content":"<sequence>:xxx…"}} with content of exactly 32 KiB. */
    public static String privateMessage(String to, long sequence) {
        String prefix = sequence + ":";
        return "{\"type\":\"private\",\"to\":\"" + to + "\",\"content\":\"" + prefix
                + "x".repeat(MAX_CONTENT_BYTES - 2 - prefix.length()) + "\"}";
    }

    public static String join(String room) {
        return "{\"type\":\"join\",\"room\":\"" + room + "\"}";
    }

    public static String leave(String room) {
        return "{\"type\":\"leave\",\"room\":\"" + room + "\"}";
    }

    /** The sequence number at the start of a content made by {@link #message}; -1 for any other. */
    static long sequence(String content) {
        int colon = content.indexOf(':');
        try {
            return colon < 0 ? -1 : Long.parseLong(content.substring(0, colon));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
