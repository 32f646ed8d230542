package dev.roomcast.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * This instance's id: {@code roomcast.fanout.instance-id} when set, else the host name (the pod's, in Kubernetes)
 * and a random suffix chosen once per start: readable where operators see it (webhook events' and hook calls'
 * {@code instance}, logs) and never the id of an earlier run, whose presence in Redis may not have expired yet.
 */
@Singleton
public class InstanceId {

    private final String value;

    @Inject
    InstanceId(RoomcastConfig config) {
        this(config.fanout().instanceId().orElseGet(InstanceId::hostAndRun));
    }

    public InstanceId(String value) {
        this.value = value;
    }

    private static String hostAndRun() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "roomcast";
            }
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
