package dev.roomcast.history;

import dev.roomcast.support.ConfigOverrides;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** History in memory (the single-instance default). */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.history.size", value = "1000"),
        @ResourceArg(name = "roomcast.security.messages-per-second", value = "100000"),
        @ResourceArg(name = "roomcast.security.message-burst", value = "100000"),
        @ResourceArg(name = "roomcast.outbound.max-queued-bytes", value = "8388608") })
public class HistoryTest extends HistoryContract {

    @Override
    protected int historySize() {
        return 1000;
    }
}
