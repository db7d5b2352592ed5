package dev.boxoffice.store.embedded;

import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.InventoryContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link InventoryContract} on the durable embedded store (its journal on tmpfs). */
class EmbeddedInventoryDurableTest extends InventoryContract {
  @Override
  protected Inventory newInventory(MutableClock clock) {
    return closeAfter(TempStore.open(clock)).stores().inventory();
  }
}
