package dev.roomcast.hook;

/** The three questions Roomcast asks the backend; {@link #wire} is the {@code hook} field and the metrics' label. */
public enum Hook {
    CONNECT("connect"),
    JOIN("join"),
    PUBLISH("publish");

    private final String wire;

    Hook(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
