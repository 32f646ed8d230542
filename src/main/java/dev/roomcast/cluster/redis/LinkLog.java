package dev.roomcast.cluster.redis;

import org.jboss.logging.Logger;

import dev.roomcast.telemetry.RoomcastMetrics;

/**
 * What a {@link RedisLink} reports: one log warning per outage, not one per failed call, naming the node on a
 * cluster, and the connection metrics. Used on the link's context only.
 */
final class LinkLog {

    private static final Logger LOG = Logger.getLogger(RedisLink.class);

    private final String redis;
    private final long reconnectMillis;
    /** The current outage has been logged; reset on connect, so each outage logs once. */
    private boolean outageLogged;

    private final RoomcastMetrics metrics;

    LinkLog(String node, long reconnectMillis, RoomcastMetrics metrics) {
        this.metrics = metrics;
        this.redis = "redis".equals(node) ? "Redis" : "Redis node " + node;
        this.reconnectMillis = reconnectMillis;
    }

    void connectFailed(Throwable cause) {
        metrics.redisConnectionFailed();
        if (!outageLogged) {
            outageLogged = true;
            LOG.warnf("%s is unreachable (%s): serving this instance's connections only, retrying every %d ms", redis,
                    cause.toString(), reconnectMillis);
        } else {
            LOG.debugf("%s connection attempt failed: %s", redis, cause.toString());
        }
    }

    void connected(boolean again, int channels) {
        outageLogged = false;
        if (again) {
            metrics.redisReconnected();
            LOG.infof("%s is reachable again: %d channels re-subscribed", redis, channels);
        }
    }

    void lost(Throwable cause) {
        outageLogged = true;
        LOG.warnf("Lost the %s connection (%s): cross-instance delivery is paused, retrying every %d ms", redis,
                cause == null ? "closed" : cause.toString(), reconnectMillis);
    }

    void suspended() {
        LOG.warnf("%s stopped answering with its connections open: cross-instance delivery is paused", redis);
    }

    void resumed() {
        LOG.infof("%s answers again: cross-instance delivery resumed", redis);
    }
}
