package dev.roomcast.fanout;

class InMemoryFanoutTest extends FanoutContractTest {

    @Override
    protected Fanout newFanout(LocalDelivery local) {
        return new InMemoryFanout(local);
    }
}
