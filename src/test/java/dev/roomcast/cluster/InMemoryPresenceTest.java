package dev.roomcast.cluster;

import dev.roomcast.cluster.memory.InMemoryPresence;

class InMemoryPresenceTest extends PresenceContractTest {

    @Override
    protected Presence newPresence(LocalMembers local) {
        return new InMemoryPresence(LIST_LIMIT, transitions);
    }
}
