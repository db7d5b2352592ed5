package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.waitingroom.WaitingRoomContract;

/** The {@link WaitingRoomContract} on the embedded store without a journal. */
class EmbeddedWaitingRoomInMemoryTest extends WaitingRoomContract {
  @Override
  protected Ports newPorts(MutableClock clock) {
    Stores stores = closeAfter(EmbeddedStore.inMemory(clock)).stores();
    return new Ports(stores.inventory(), stores.waitingRoom());
  }
}
