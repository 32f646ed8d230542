package dev.roomcast.hook;

/** How one hook call ended, before the failure policy applies; the {@code outcome} label of the call counter. */
public enum Outcome {
    /** The backend answered {@code {"allow": true}}. */
    ALLOW("allow"),
    /** The backend answered {@code {"allow": false}}. */
    DENY("deny"),
    /** No usable answer: connection refused or lost, a status other than 200, or a body that is not an answer. */
    FAILED("failed"),
    /** No answer within {@code roomcast.hooks.timeout}. */
    TIMEOUT("timeout"),
    /** Not asked: the instance already had {@code roomcast.hooks.max-in-flight} calls open. */
    BUSY("busy");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
