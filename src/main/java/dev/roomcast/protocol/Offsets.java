package dev.roomcast.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A room message gets its offset only once its place in history is known, after it was encoded. The
 * offset goes in as the last field: the encoded object without its closing brace, then
 * {@code ,"offset":N}}. One copy per message, never per recipient; the Redis append script does the same.
 */
public final class Offsets {

    /** The largest offset a client may name: exact as a JavaScript number and as a number in Redis's Lua. */
    public static final long MAX = (1L << 53) - 1;

    private Offsets() {
    }

    public static EncodedMessage stamp(EncodedMessage unstamped, long offset) {
        byte[] in = unstamped.utf8();
        byte[] field = (",\"offset\":" + offset + "}").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[in.length - 1 + field.length];
        System.arraycopy(in, 0, out, 0, in.length - 1);
        System.arraycopy(field, 0, out, in.length - 1, field.length);
        return new EncodedMessage(out, unstamped.type());
    }
}
