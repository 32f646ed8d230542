package dev.roomcast.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same API tests against the packaged application. */
@QuarkusIntegrationTest
public class ApiIT extends ApiTest {
}
