package dev.boxoffice.store.distributed;

import dev.boxoffice.core.lottery.LotteryContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link LotteryContract} on Redis, the lotteries recorded in PostgreSQL. */
class RedisLotteryTest extends LotteryContract {
  @Override
  protected Ports newPorts(MutableClock clock) {
    TestInventory store = closeAfter(TestInventory.open(clock));
    return new Ports(store.inventory(), store.lottery());
  }
}
