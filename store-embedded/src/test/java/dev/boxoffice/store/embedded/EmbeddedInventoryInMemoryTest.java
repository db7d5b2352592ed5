package dev.boxoffice.store.embedded;

import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.InventoryContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link InventoryContract} on the embedded store without a journal. */
class EmbeddedInventoryInMemoryTest extends InventoryContract {
  @Override
  protected Inventory newInventory(MutableClock clock) {
    return closeAfter(EmbeddedStore.inMemory(clock)).stores().inventory();
  }
}
