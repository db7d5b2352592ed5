package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.event.EventsContract;
import dev.boxoffice.core.testing.MutableClock;
import net.jqwik.api.lifecycle.AfterTry;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@link EventsContract} on the durable embedded store: the same SQLite journal, kept in
 * memory-backed /dev/shm where there is one so the suite stays fast.
 */
class EmbeddedEventsSqliteTest extends EventsContract {
  private final SqliteDataDirs dataDirs = new SqliteDataDirs();

  @Override
  protected Stores newStores(MutableClock clock) {
    return dataDirs.open(clock).stores();
  }

  @AfterEach
  @AfterTry
  void deleteDataDirs() {
    dataDirs.closeAndDelete();
  }
}
