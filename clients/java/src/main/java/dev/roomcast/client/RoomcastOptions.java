package dev.roomcast.client;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** How a {@link RoomcastClient} connects and reconnects; built with {@link RoomcastClient#builder(String...)}. */
public record RoomcastOptions(List<String> urls, String user, Supplier<String> token, boolean batch, Duration backoffMin,
        Duration backoffMax, Duration pingInterval, Duration deadAfter, int maxUnsent, double sendsPerSecond, int sendBurst,
        double sendBytesPerSecond, int sendByteBurst, Since inboxSince, Since broadcastSince, RoomcastListener listener) {

    public static final class Builder {
        private final List<String> urls;
        private String user;
        private Supplier<String> token;
        private boolean batch;
        private Duration backoffMin = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(30);
        private Duration pingInterval = Duration.ofSeconds(20);
        private Duration deadAfter = Duration.ofSeconds(45);
        private int maxUnsent = 1000;
        private double sendsPerSecond = 50;
        private int sendBurst = 100;
        private double sendBytesPerSecond = 128 * 1024;
        private int sendByteBurst = 256 * 1024;
        private Since inboxSince;
        private Since broadcastSince;
        private RoomcastListener listener = new RoomcastListener() {
        };

        Builder(List<String> urls) {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("at least one ws:// URL of /ws");
            }
            this.urls = List.copyOf(urls);
        }

        /** The user id (auth off only; with auth on, the token's sub is the id). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Called for every connection attempt (so after a 4003 a fresh token is used); called on the client's thread. */
        public Builder token(Supplier<String> token) {
            this.token = token;
            return this;
        }

        public Builder batch(boolean batch) {
            this.batch = batch;
            return this;
        }

        /** The first retry waits up to {@code min} (full jitter), doubling per attempt up to {@code max}. */
        public Builder backoff(Duration min, Duration max) {
            this.backoffMin = min;
            this.backoffMax = max;
            return this;
        }

        /** Ping when quiet this long; nothing received for {@code deadAfter}: the link is dead, reconnect. */
        public Builder heartbeat(Duration pingInterval, Duration deadAfter) {
            this.pingInterval = pingInterval;
            this.deadAfter = deadAfter;
            return this;
        }

        public Builder maxUnsent(int maxUnsent) {
            this.maxUnsent = maxUnsent;
            return this;
        }

        /**
         * Room messages are written at most this fast after a burst (a backlog after a reconnect too): under the
         * server's default request rate (100/s, burst 200), so they are not refused as rate_limited.
         */
        public Builder sendRate(double sendsPerSecond, int burst) {
            this.sendsPerSecond = sendsPerSecond;
            this.sendBurst = burst;
            return this;
        }

        /**
         * Room messages' text is written at most this fast after a burst: under the server's default byte rate
         * (256 KiB/s, burst 512 KiB), so a backlog of big messages is not refused as rate_limited.
         */
        public Builder sendByteRate(double bytesPerSecond, int burst) {
            this.sendBytesPerSecond = bytesPerSecond;
            this.sendByteBurst = burst;
            return this;
        }

        /**
         * Where the first connect resumes the inbox from: what {@link RoomcastClient#inboxSince()} gave an earlier
         * client of this user (saved across a restart), or {@link Since#EVERYTHING_HELD}. Without it the client gets
         * only the privates after its first welcome.
         */
        public Builder inboxSince(Since since) {
            this.inboxSince = since;
            return this;
        }

        /** The same for the broadcast stream ({@link RoomcastClient#broadcastSince()}). */
        public Builder broadcastSince(Since since) {
            this.broadcastSince = since;
            return this;
        }

        public Builder listener(RoomcastListener listener) {
            this.listener = listener;
            return this;
        }

        public RoomcastClient build() {
            return new RoomcastClient(new RoomcastOptions(urls, user, token, batch, backoffMin, backoffMax, pingInterval,
                    deadAfter, maxUnsent, sendsPerSecond, sendBurst, sendBytesPerSecond, sendByteBurst, inboxSince,
                    broadcastSince, listener));
        }
    }
}
