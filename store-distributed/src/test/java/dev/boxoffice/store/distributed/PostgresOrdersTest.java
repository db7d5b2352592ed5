package dev.boxoffice.store.distributed;

import dev.boxoffice.core.order.OrdersContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link OrdersContract} on PostgreSQL, its orders completed through Redis. */
class PostgresOrdersTest extends OrdersContract {
  @Override
  protected Ports newPorts(MutableClock clock) {
    TestInventory store = closeAfter(TestInventory.open(clock));
    return new Ports(store.inventory(), store.records().orders());
  }
}
