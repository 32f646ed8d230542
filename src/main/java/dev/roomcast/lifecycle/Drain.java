package dev.roomcast.lifecycle;

import jakarta.inject.Singleton;

/** Whether this instance is draining: then readiness is DOWN and new upgrades are refused with 503. */
@Singleton
public class Drain {

    private volatile boolean draining;

    public boolean isDraining() {
        return draining;
    }

    void begin() {
        draining = true;
    }
}
