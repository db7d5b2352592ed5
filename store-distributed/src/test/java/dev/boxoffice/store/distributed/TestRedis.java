package dev.boxoffice.store.distributed;

import java.net.URI;
import java.time.InstantSource;
import java.util.UUID;

/**
 * The Redis the tests use: this machine's, at {@code BOXOFFICE_TEST_REDIS} (default {@code
 * redis://127.0.0.1:6379/15}, a database of its own). Each store opened here keeps its keys under a
 * namespace of its own, so tests never see each other's keys. Where no Redis answers, the tests are
 * skipped with a message saying so; in CI ({@code CI=true}) they fail instead.
 */
final class TestRedis {
  static final String URL =
      System.getenv().getOrDefault("BOXOFFICE_TEST_REDIS", "redis://127.0.0.1:6379/15");

  private TestRedis() {}

  /** A store in a new namespace; skips the test when Redis is not there (outside CI). */
  static RedisStore open(InstantSource clock) {
    requireRunning();
    return RedisStore.open(URL, "test-" + UUID.randomUUID(), clock);
  }

  /** Returns if Redis answers at {@link #URL}; else skips the test (fails it in CI). */
  static void requireRunning() {
    URI uri = URI.create(URL);
    Services.requireRunning("Redis", uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
  }
}
