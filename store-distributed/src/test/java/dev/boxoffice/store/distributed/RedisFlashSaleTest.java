package dev.boxoffice.store.distributed;

import dev.boxoffice.core.flashsale.FlashSaleContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link FlashSaleContract} on Redis, its orders carried by RabbitMQ into PostgreSQL. */
class RedisFlashSaleTest extends FlashSaleContract {
  @Override
  protected Ports newPorts(MutableClock clock) {
    TestInventory store = closeAfter(TestInventory.open(clock));
    return new Ports(
        store.inventory(), store.flashSale(), store.pipeline(), store.records().orders());
  }

  @Override
  protected boolean opensLotteries() {
    return false;
  }
}
