package dev.roomcast.telemetry;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application. */
@QuarkusIntegrationTest
public class TracingIT extends TracingTest {
}
