package dev.roomcast.security;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One connection's place under the {@link ConnectionLimits}, from the moment its upgrade passed the
 * limits until it is given back: by a refusal later in the upgrade, by the connection's close, or by
 * the handshake timeout when the upgrade never opened. Given back exactly once, whoever comes first.
 */
public final class Reservation {

    static final int PENDING = 0;
    static final int OPEN = 1;
    static final int RELEASED = 2;
    private static final AtomicIntegerFieldUpdater<Reservation> STATE = AtomicIntegerFieldUpdater.newUpdater(
            Reservation.class, "state");

    private final ConnectionLimits limits;
    /** The client address the place counts against. */
    public final String address;
    final long madeAtNanos;
    private volatile int state = PENDING;

    Reservation(ConnectionLimits limits, String address, long madeAtNanos) {
        this.limits = limits;
        this.address = address;
        this.madeAtNanos = madeAtNanos;
    }

    int state() {
        return state;
    }

    /**
     * The connection opened: the place is now its own until {@link #release}. When the reservation had
     * already expired (an upgrade slower than the handshake timeout), the connection takes a place anew.
     */
    public void opened() {
        if (!STATE.compareAndSet(this, PENDING, OPEN)) {
            limits.takeAgain(address);
            state = OPEN;
        }
    }

    /** The upgrade never opened within the handshake timeout: give the place back, unless it has opened. */
    void expire() {
        if (STATE.compareAndSet(this, PENDING, RELEASED)) {
            limits.giveBack(address);
        }
    }

    /** Gives the place back; only the first call counts. */
    public void release() {
        int current = state;
        while (current != RELEASED) {
            if (STATE.compareAndSet(this, current, RELEASED)) {
                limits.giveBack(address);
                return;
            }
            current = state;
        }
    }
}
