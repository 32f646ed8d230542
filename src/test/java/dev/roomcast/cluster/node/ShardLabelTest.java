package dev.roomcast.cluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The shard label names the master by host:port and never carries the password. */
class ShardLabelTest {

    @Test
    void hostAndPortWithoutCredentials() {
        assertEquals("redis.example.com:6380", ShardLabel.of(Optional.of("redis://:secret@redis.example.com:6380/2")));
        assertEquals("10.0.0.5:6379", ShardLabel.of(Optional.of("rediss://user:pw@10.0.0.5")), "the default port");
        assertEquals("a:7000", ShardLabel.of(Optional.of("redis://a:7000, redis://b:7001")), "the first of several");
    }

    @Test
    void redisWhenThereIsNoAddress() {
        assertEquals("redis", ShardLabel.of(Optional.empty()));
        assertEquals("redis", ShardLabel.of(Optional.of("unix:///run/redis.sock")));
        assertEquals("redis", ShardLabel.of(Optional.of("not a uri")));
    }
}
