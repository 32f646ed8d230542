package dev.roomcast.cluster;

/** Whether cross-instance delivery works now, for readiness and metrics. Always healthy with one instance. */
public interface LinkHealth {

    /** False while cross-instance delivery is known to be broken. */
    boolean available();

    /** The last measured round trip through the cross-instance path, or -1 when there is none. */
    default long roundTripMillis() {
        return -1;
    }
}
