package dev.roomcast.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same chunked bodies against the packaged application. */
@QuarkusIntegrationTest
public class BodyLimitIT extends BodyLimitTest {
}
