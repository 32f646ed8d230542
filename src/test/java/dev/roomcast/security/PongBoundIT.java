package dev.roomcast.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same test against the packaged application. */
@QuarkusIntegrationTest
public class PongBoundIT extends PongBoundTest {
}
