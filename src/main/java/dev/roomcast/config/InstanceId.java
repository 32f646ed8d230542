package dev.roomcast.config;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * This instance's id: {@code roomcast.fanout.instance-id} when set, else a random UUID chosen once per start. Webhook
 * events name it in {@code instance}.
 */
@Singleton
public class InstanceId {

    private final String value;

    @Inject
    InstanceId(RoomcastConfig config) {
        this(config.fanout().instanceId().orElseGet(() -> UUID.randomUUID().toString()));
    }

    public InstanceId(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
