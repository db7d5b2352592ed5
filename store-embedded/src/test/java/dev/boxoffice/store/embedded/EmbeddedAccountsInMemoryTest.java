package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.identity.AccountsContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link AccountsContract} on the embedded store without a journal. */
class EmbeddedAccountsInMemoryTest extends AccountsContract {
  @Override
  protected Stores newStores(MutableClock clock) {
    return EmbeddedStore.inMemory(clock).stores();
  }
}
