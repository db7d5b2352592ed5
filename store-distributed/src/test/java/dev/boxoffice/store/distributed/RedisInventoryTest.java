package dev.boxoffice.store.distributed;

import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.InventoryContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link InventoryContract} on Redis, recording in PostgreSQL. */
class RedisInventoryTest extends InventoryContract {
  @Override
  protected Inventory newInventory(MutableClock clock) {
    return closeAfter(TestInventory.open(clock)).inventory();
  }
}
