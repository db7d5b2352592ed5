package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.event.EventsContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link EventsContract} on the durable embedded store (its journal on tmpfs). */
class EmbeddedEventsDurableTest extends EventsContract {
  @Override
  protected Events newEvents(MutableClock clock) {
    return closeAfter(TempStore.open(clock)).stores().events();
  }
}
