package dev.roomcast.cluster;

import java.util.concurrent.ThreadLocalRandom;

/** Names for histories: random, short, letters and digits only (they go into JSON and Lua unescaped). */
public final class Epochs {

    private Epochs() {
    }

    public static String next() {
        return Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    }
}
