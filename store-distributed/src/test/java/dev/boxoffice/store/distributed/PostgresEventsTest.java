package dev.boxoffice.store.distributed;

import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.event.EventsContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link EventsContract} on PostgreSQL. */
class PostgresEventsTest extends EventsContract {
  @Override
  protected Events newEvents(MutableClock clock) {
    return closeAfter(TestDatabase.open()).store().events();
  }
}
