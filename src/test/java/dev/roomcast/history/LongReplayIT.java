package dev.roomcast.history;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same test against the packaged application. */
@QuarkusIntegrationTest
public class LongReplayIT extends LongReplayTest {
}
