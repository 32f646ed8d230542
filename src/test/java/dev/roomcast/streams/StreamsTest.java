package dev.roomcast.streams;

import dev.roomcast.support.ConfigOverrides;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Inboxes, broadcasts and read positions in memory (the single-instance default). */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.api.keys", value = StreamsContract.KEY),
        @ResourceArg(name = "roomcast.inbox.size", value = "20") })
public class StreamsTest extends StreamsContract {
}
