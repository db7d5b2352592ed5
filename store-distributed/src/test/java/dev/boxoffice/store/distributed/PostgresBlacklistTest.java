package dev.boxoffice.store.distributed;

import dev.boxoffice.core.blacklist.Blacklist;
import dev.boxoffice.core.blacklist.BlacklistContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link BlacklistContract} on PostgreSQL. */
class PostgresBlacklistTest extends BlacklistContract {
  @Override
  protected Blacklist newBlacklist(MutableClock clock) {
    return closeAfter(TestDatabase.open()).store().blacklist();
  }
}
