package dev.boxoffice.store.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.testing.Services;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Opening Redis by URL: the database number is honoured, and one namespace is one deployment. */
class RedisStoreTest {
  private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
  private static final InstantSource CLOCK = InstantSource.fixed(NOW);

  @Test
  void twoServersOnOneDatabaseAndNamespaceShareStateAndOtherDatabasesDoNot() {
    Services.requireRedis();
    URI uri = URI.create(TestRedis.URL);
    String base = "redis://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
    String namespace = "test-" + UUID.randomUUID();
    try (RedisStore one = RedisStore.open(base + "/15", namespace, CLOCK);
        RedisStore two = RedisStore.open(base + "/15", namespace, CLOCK);
        RedisStore elsewhere = RedisStore.open(base + "/14", namespace, CLOCK)) {
      assertThat(one.challenges().redeem("c1", NOW.plusSeconds(60), NOW)).isTrue();

      assertThat(two.challenges().redeem("c1", NOW.plusSeconds(60), NOW)).isFalse();
      assertThat(elsewhere.challenges().redeem("c1", NOW.plusSeconds(60), NOW))
          .as("database 14 is another deployment")
          .isTrue();
      elsewhere.commands().del(namespace + ":challenge:c1");
    }
  }

  @Test
  void aRedisThatIsNotThereIsNamedWithWhereItWasLookedFor() {
    assertThatThrownBy(() -> RedisStore.open("redis://127.0.0.1:1/3", "x", CLOCK))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("Redis at 127.0.0.1:1 (database 3) cannot be used");
  }

  @Test
  void aUrlThatIsNotRedisIsRefusedSayingHowToWriteIt() {
    assertThatThrownBy(() -> RedisStore.open("postgresql://db/sales", "x", CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis://host:port/DB");
  }

  @Test
  void aRedisThatMayEvictKeysIsRefusedSayingWhichSettingToChange() {
    Services.requireRedis();
    try (RedisStore probe = RedisStore.open(TestRedis.URL, "test-" + UUID.randomUUID(), CLOCK)) {
      Map<String, String> before = probe.commands().configGet("maxmemory", "maxmemory-policy");
      try {
        probe.commands().configSet(Map.of("maxmemory", "2gb", "maxmemory-policy", "allkeys-lru"));

        assertThatThrownBy(() -> RedisStore.open(TestRedis.URL, "x", CLOCK))
            .isInstanceOf(ServiceUnavailableException.class)
            .hasMessageContaining("may evict keys")
            .hasMessageContaining("maxmemory-policy allkeys-lru")
            .hasMessageContaining("set maxmemory-policy noeviction");
      } finally {
        probe.commands().configSet(before);
      }
    }
  }
}
