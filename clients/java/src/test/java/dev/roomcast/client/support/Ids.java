package dev.roomcast.client.support;

import java.util.concurrent.atomic.AtomicLong;

/** Names unique within a test run, so tests sharing one running app never see each other's rooms or users. */
public final class Ids {

    private static final AtomicLong NEXT = new AtomicLong(System.nanoTime() % 100_000);

    private Ids() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + NEXT.incrementAndGet();
    }
}
