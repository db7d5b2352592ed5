package dev.boxoffice.store.distributed;

import dev.boxoffice.core.testing.Services;
import java.time.InstantSource;
import java.util.UUID;

/**
 * The Redis the tests use: this machine's, at {@code BOXOFFICE_TEST_REDIS} (default {@code
 * redis://127.0.0.1:6379/15}, a database of its own). Each store opened here keeps its keys under a
 * namespace of its own, so tests never see each other's keys. Where no Redis answers, the tests are
 * skipped with a message saying so; in CI ({@code CI=true}) they fail instead.
 */
final class TestRedis {
  static final String URL = Services.REDIS_URL;

  private TestRedis() {}

  /** A store in a new namespace; skips the test when Redis is not there (outside CI). */
  static RedisStore open(InstantSource clock) {
    Services.requireRedis();
    return RedisStore.open(URL, "test-" + UUID.randomUUID(), clock);
  }
}
