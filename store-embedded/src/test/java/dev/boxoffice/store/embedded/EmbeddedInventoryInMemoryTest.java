package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.inventory.InventoryContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link InventoryContract} on the embedded store without a journal. */
class EmbeddedInventoryInMemoryTest extends InventoryContract {
  @Override
  protected Stores newStores(MutableClock clock) {
    return EmbeddedStore.inMemory(clock).stores();
  }
}
