package dev.roomcast.client;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same headers from the packaged application. */
@QuarkusIntegrationTest
public class SecurityHeadersIT extends SecurityHeadersTest {
}
