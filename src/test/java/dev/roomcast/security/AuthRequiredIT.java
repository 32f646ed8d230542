package dev.roomcast.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application. */
@QuarkusIntegrationTest
public class AuthRequiredIT extends AuthRequiredTest {
}
