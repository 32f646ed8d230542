package dev.roomcast.endpoint;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application (jar, or native binary with -Dnative). */
@QuarkusIntegrationTest
public class ProtocolErrorsIT extends ProtocolErrorsTest {
}
