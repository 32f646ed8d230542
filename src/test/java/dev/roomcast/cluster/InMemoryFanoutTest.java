package dev.roomcast.cluster;

import dev.roomcast.cluster.memory.InMemoryFanout;

class InMemoryFanoutTest extends FanoutContractTest {

    @Override
    protected Fanout newFanout(LocalRecipients local) {
        return new InMemoryFanout(local);
    }
}
