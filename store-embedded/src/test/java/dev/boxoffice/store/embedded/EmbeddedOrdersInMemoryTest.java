package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.order.OrdersContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link OrdersContract} on the embedded store without a journal. */
class EmbeddedOrdersInMemoryTest extends OrdersContract {
  @Override
  protected Ports newPorts(MutableClock clock) {
    Stores stores = closeAfter(EmbeddedStore.inMemory(clock)).stores();
    return new Ports(stores.inventory(), stores.orders());
  }
}
