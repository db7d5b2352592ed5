package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.waitingroom.WaitingRoomContract;

/** The {@link WaitingRoomContract} on the durable embedded store (its journal on tmpfs). */
class EmbeddedWaitingRoomDurableTest extends WaitingRoomContract {
  @Override
  protected Ports newPorts(MutableClock clock) {
    Stores stores = closeAfter(TempStore.open(clock)).stores();
    return new Ports(stores.inventory(), stores.waitingRoom());
  }
}
