package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.flashsale.FlashSaleContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link FlashSaleContract} on the durable embedded store (its journal on tmpfs). */
class EmbeddedFlashSaleDurableTest extends FlashSaleContract {
  @Override
  protected Ports newPorts(MutableClock clock) {
    Stores stores = closeAfter(TempStore.open(clock)).stores();
    return new Ports(
        stores.inventory(), stores.flashSale(), stores.orderPipeline(), stores.orders());
  }
}
