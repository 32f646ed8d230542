package dev.roomcast.security;

import jakarta.inject.Singleton;

/**
 * Whether this instance is draining: then the upgrade gate refuses new connections with 503 and
 * readiness is DOWN. Set once, by the shutdown drain ({@code lifecycle}).
 */
@Singleton
public class Drain {

    private volatile boolean draining;

    public boolean isDraining() {
        return draining;
    }

    public void begin() {
        draining = true;
    }
}
