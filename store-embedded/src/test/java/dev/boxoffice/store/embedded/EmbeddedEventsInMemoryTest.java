package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.event.EventsContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link EventsContract} on the embedded store without a journal. */
class EmbeddedEventsInMemoryTest extends EventsContract {
  @Override
  protected Events newEvents(MutableClock clock) {
    return closeAfter(EmbeddedStore.inMemory(clock)).stores().events();
  }
}
