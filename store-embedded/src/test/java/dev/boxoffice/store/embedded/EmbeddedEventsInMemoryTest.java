package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.event.EventsContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link EventsContract} on the embedded store without a journal. */
class EmbeddedEventsInMemoryTest extends EventsContract {
  @Override
  protected Stores newStores(MutableClock clock) {
    return EmbeddedStore.inMemory(clock).stores();
  }
}
