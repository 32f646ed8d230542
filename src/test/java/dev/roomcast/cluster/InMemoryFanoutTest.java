package dev.roomcast.cluster;

import dev.roomcast.cluster.memory.InMemoryFanout;
import dev.roomcast.cluster.memory.InMemoryHistory;

class InMemoryFanoutTest extends FanoutContractTest {

    @Override
    protected Fanout newFanout(LocalRecipients local) {
        return new InMemoryFanout(local, new InMemoryHistory(100, 300_000));
    }
}
