package dev.boxoffice.store.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import dev.boxoffice.core.blacklist.Barred;
import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.identity.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Opening PostgreSQL by its usual URL, and two servers sharing one database. */
class PostgresStoreTest {
  @Test
  void aUrlInItsUsualFormBecomesTheDriversWithItsUserAndPassword() {
    HikariConfig config = PostgresStore.config("postgresql://ops:s%40cret@db.internal:6432/sales");

    assertThat(config.getJdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/sales");
    assertThat(config.getUsername()).isEqualTo("ops");
    assertThat(config.getPassword()).isEqualTo("s@cret");
    assertThat(PostgresStore.config("postgres://ops@db/sales").getJdbcUrl())
        .isEqualTo("jdbc:postgresql://db:5432/sales");
    assertThat(PostgresStore.config("jdbc:postgresql://db/sales").getJdbcUrl())
        .isEqualTo("jdbc:postgresql://db/sales");
  }

  @Test
  void anythingElseIsRefusedSayingHowToWriteIt() {
    assertThatThrownBy(() -> PostgresStore.config("mysql://db/sales"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresql://user@host:port/dbname");
  }

  @Test
  void aDatabaseThatIsNotThereIsNamedWithWhereItWasLookedFor() {
    assertThatThrownBy(() -> PostgresStore.open("postgresql://ops@127.0.0.1:1/sales", "s"))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("PostgreSQL at postgresql://127.0.0.1:1/sales as ops cannot be used");
  }

  @Test
  void aServerSeesAnotherServersAccountsAtOnceAndItsBlacklistWithinASecond() {
    try (TestDatabase one = TestDatabase.open();
        PostgresStore other = PostgresStore.open(TestDatabase.URL, one.schema())) {
      assertThat(other.blacklist().barred()).isEqualTo(Barred.NONE);

      Barred mallory = new Barred(Set.of(new UserId("mallory")), Set.of());
      one.store().blacklist().bar(mallory);

      await()
          .atMost(PostgresBlacklist.FRESH_FOR.plus(Duration.ofSeconds(1)))
          .until(() -> other.blacklist().barred().equals(mallory));
      Account alice =
          new Account(new UserId("alice"), "hash", Instant.parse("2030-01-01T10:00:00Z"));
      assertThat(one.store().accounts().register(alice)).isTrue();
      assertThat(other.accounts().find(alice.user())).as("at once").contains(alice);
      assertThat(other.accounts().register(alice)).isFalse();
    }
  }
}
