package dev.boxoffice.store.embedded;

import dev.boxoffice.core.identity.Accounts;
import dev.boxoffice.core.identity.AccountsContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link AccountsContract} on the embedded store without a journal. */
class EmbeddedAccountsInMemoryTest extends AccountsContract {
  @Override
  protected Accounts newAccounts(MutableClock clock) {
    return closeAfter(EmbeddedStore.inMemory(clock)).stores().accounts();
  }
}
