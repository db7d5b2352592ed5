package dev.boxoffice.store.distributed;

import static org.awaitility.Awaitility.await;

import dev.boxoffice.core.blacklist.Barred;
import dev.boxoffice.core.blacklist.Blacklist;
import dev.boxoffice.core.blacklist.BlacklistContract;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.testing.MutableClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@link BlacklistContract} on PostgreSQL, and two servers sharing one blacklist. */
class PostgresBlacklistTest extends BlacklistContract {
  @Override
  protected Blacklist newBlacklist(MutableClock clock) {
    return closeAfter(TestDatabase.open()).store().blacklist();
  }

  @Test
  void anotherServersChangeShowsHereWithinTheRefreshTime() {
    TestDatabase one = closeAfter(TestDatabase.open());
    PostgresStore other = closeAfter(PostgresStore.open(TestDatabase.URL, one.schema()));
    Barred mallory = new Barred(Set.of(new UserId("mallory")), Set.of("203.0.113.7"));

    one.store().blacklist().bar(mallory);

    await()
        .atMost(PostgresBlacklist.FRESH_FOR.plus(Duration.ofSeconds(2)))
        .until(() -> other.blacklist().barred().equals(mallory));
  }
}
