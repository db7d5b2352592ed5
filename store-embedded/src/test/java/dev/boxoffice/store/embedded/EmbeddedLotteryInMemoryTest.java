package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.lottery.LotteryContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link LotteryContract} on the embedded store without a journal. */
class EmbeddedLotteryInMemoryTest extends LotteryContract {
  @Override
  protected Ports newPorts(MutableClock clock) {
    Stores stores = closeAfter(EmbeddedStore.inMemory(clock)).stores();
    return new Ports(stores.inventory(), stores.lottery());
  }
}
