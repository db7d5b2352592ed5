package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.lottery.LotteryContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link LotteryContract} on the durable embedded store (its journal on tmpfs). */
class EmbeddedLotteryDurableTest extends LotteryContract {
  @Override
  protected Ports newPorts(MutableClock clock) {
    Stores stores = closeAfter(TempStore.open(clock)).stores();
    return new Ports(stores.inventory(), stores.lottery());
  }
}
