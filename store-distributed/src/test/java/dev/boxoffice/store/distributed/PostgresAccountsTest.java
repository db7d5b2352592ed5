package dev.boxoffice.store.distributed;

import dev.boxoffice.core.identity.Accounts;
import dev.boxoffice.core.identity.AccountsContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link AccountsContract} on PostgreSQL. */
class PostgresAccountsTest extends AccountsContract {
  @Override
  protected Accounts newAccounts(MutableClock clock) {
    return closeAfter(TestDatabase.open()).store().accounts();
  }
}
