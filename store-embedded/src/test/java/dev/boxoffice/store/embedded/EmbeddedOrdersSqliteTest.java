package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.order.OrdersContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link OrdersContract} on the durable embedded store (its SQLite journal on tmpfs). */
class EmbeddedOrdersSqliteTest extends OrdersContract {
  @Override
  protected Ports newPorts(MutableClock clock) {
    Stores stores = closeAfter(TempSqliteStore.open(clock)).stores();
    return new Ports(stores.inventory(), stores.orders());
  }
}
