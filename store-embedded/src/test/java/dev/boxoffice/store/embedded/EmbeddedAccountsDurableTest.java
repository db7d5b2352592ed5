package dev.boxoffice.store.embedded;

import dev.boxoffice.core.identity.Accounts;
import dev.boxoffice.core.identity.AccountsContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link AccountsContract} on the durable embedded store (its journal on tmpfs). */
class EmbeddedAccountsDurableTest extends AccountsContract {
  @Override
  protected Accounts newAccounts(MutableClock clock) {
    return closeAfter(TempStore.open(clock)).stores().accounts();
  }
}
