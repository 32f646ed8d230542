package dev.roomcast.presence;

import dev.roomcast.support.ConfigOverrides;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** In memory. */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.presence.max-members-listed", value = "3"),
        @ResourceArg(name = "roomcast.presence.diff-interval", value = "200ms"),
        @ResourceArg(name = "roomcast.presence.quiet-rooms", value = "quiet-*") })
public class BigRoomPresenceTest extends BigRoomPresenceContract {
}
