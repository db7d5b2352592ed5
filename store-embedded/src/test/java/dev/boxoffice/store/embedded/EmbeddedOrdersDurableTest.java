package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.order.OrdersContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link OrdersContract} on the durable embedded store (its journal on tmpfs). */
class EmbeddedOrdersDurableTest extends OrdersContract {
  @Override
  protected Ports newPorts(MutableClock clock) {
    Stores stores = closeAfter(TempStore.open(clock)).stores();
    return new Ports(stores.inventory(), stores.orders());
  }
}
