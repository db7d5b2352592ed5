package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.flashsale.FlashSaleContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link FlashSaleContract} on the in-memory embedded store. */
class EmbeddedFlashSaleInMemoryTest extends FlashSaleContract {
  @Override
  protected Ports newPorts(MutableClock clock) {
    Stores stores = closeAfter(EmbeddedStore.inMemory(clock)).stores();
    return new Ports(
        stores.inventory(), stores.flashSale(), stores.orderPipeline(), stores.orders());
  }
}
