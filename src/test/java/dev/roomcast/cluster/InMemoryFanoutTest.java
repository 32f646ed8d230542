package dev.roomcast.cluster;

import java.util.Map;

import dev.roomcast.cluster.memory.InMemoryFanout;
import dev.roomcast.cluster.memory.InMemoryHistory;
import dev.roomcast.support.TestMetrics;

class InMemoryFanoutTest extends FanoutContractTest<InMemoryFanout> {

    @Override
    protected InMemoryFanout newFanout(LocalRecipients local) {
        InMemoryHistory history = new InMemoryHistory(new HistoryLimits(100, 300_000, 1 << 20, 1 << 30), Map::of,
                TestMetrics.create());
        return new InMemoryFanout(local, new ByKind<>(history, history, history));
    }
}
