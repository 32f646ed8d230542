package dev.roomcast.tls;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application. */
@QuarkusIntegrationTest
public class TlsIT extends TlsTest {
}
