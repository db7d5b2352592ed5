package dev.boxoffice.store.distributed;

import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.waitingroom.WaitingRoomContract;

/** The {@link WaitingRoomContract} on Redis, the rooms' terms in PostgreSQL. */
class RedisWaitingRoomTest extends WaitingRoomContract {
  @Override
  protected Ports newPorts(MutableClock clock) {
    TestInventory store = closeAfter(TestInventory.open(clock));
    return new Ports(store.inventory(), store.rooms());
  }
}
