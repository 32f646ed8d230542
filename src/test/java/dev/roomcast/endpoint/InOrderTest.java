package dev.roomcast.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/** A connection's requests run one after another, whatever the one before them did. */
class InOrderTest {

    private final InOrder requests = new InOrder();
    private final List<String> started = new ArrayList<>();

    @Test
    void aRequestWaitsUntilTheOneBeforeHasFinished() {
        Promise<Void> join = Promise.promise();
        requests.next(() -> {
            started.add("join");
            return join.future();
        });
        Future<Void> message = requests.next(() -> {
            started.add("message");
            return Future.succeededFuture();
        });
        assertEquals(List.of("join"), started, "the message started before the join finished");
        assertFalse(message.isComplete());

        join.complete();
        assertEquals(List.of("join", "message"), started);
        assertTrue(message.succeeded());
    }

    @Test
    void aFailedOrThrowingRequestDoesNotStopTheNext() {
        Promise<Void> first = Promise.promise();
        requests.next(() -> first.future());
        Future<Void> throwing = requests.next(() -> {
            started.add("throwing");
            throw new IllegalStateException("boom");
        });
        Future<Void> last = requests.next(() -> {
            started.add("last");
            return Future.succeededFuture();
        });

        first.fail("refused");
        assertEquals(List.of("throwing", "last"), started);
        assertTrue(throwing.failed(), "a request that throws ends as a failed future");
        assertTrue(last.succeeded());
    }

    @Test
    void withNothingPendingARequestStartsAtOnce() {
        requests.next(() -> {
            started.add("ping");
            return Future.succeededFuture();
        });
        assertEquals(List.of("ping"), started);
    }
}
