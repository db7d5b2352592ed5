package dev.boxoffice.store.distributed;

import dev.boxoffice.core.inventory.SaleRules;
import dev.boxoffice.core.testing.MutableClock;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An inventory on this machine's Redis and PostgreSQL, in a namespace and a schema of its own, both
 * removed when it closes; and, on demand, the inventories of other servers of the same deployment.
 * Skips the test where either service is missing (fails it in CI).
 */
final class TestInventory implements AutoCloseable {
  private static final Duration SWEEP_EVERY = Duration.ofMillis(100);

  private final MutableClock clock;
  private final TestDatabase database;
  private final RedisStore redis;
  private final RedisInventory inventory;
  private final Deque<AutoCloseable> servers = new ArrayDeque<>();

  private TestInventory(MutableClock clock) {
    this.clock = clock;
    database = TestDatabase.open();
    redis = TestRedis.open(clock);
    inventory = sweeping(redis.inventory(database.store(), SaleRules.standard()));
  }

  private RedisInventory sweeping(RedisInventory inventory) {
    inventory.sweepEvery(SWEEP_EVERY, clock);
    return inventory;
  }

  static TestInventory open(MutableClock clock) {
    return new TestInventory(clock);
  }

  RedisInventory inventory() {
    return inventory;
  }

  PostgresStore records() {
    return database.store();
  }

  RedisCommands<String, String> redis() {
    return redis.commands();
  }

  /**
   * The inventory of another server of the same deployment: its own connections to the same Redis
   * namespace and PostgreSQL schema, closed with this one.
   */
  RedisInventory anotherServer() {
    PostgresStore records = PostgresStore.open(TestDatabase.URL, database.schema());
    servers.push(records);
    RedisStore hot = RedisStore.open(TestRedis.URL, redis.namespace(), clock);
    servers.push(hot);
    RedisInventory other = sweeping(hot.inventory(records, SaleRules.standard()));
    servers.push(other);
    return other;
  }

  /** Redis restarted empty: every key of this deployment is gone. */
  void forgetHotState() {
    forgetKeys(redis.commands(), redis.namespace());
  }

  @Override
  public void close() throws Exception {
    try {
      while (!servers.isEmpty()) {
        servers.pop().close();
      }
      inventory.close();
      forgetHotState();
      redis.close();
    } finally {
      database.close();
    }
  }

  /** Deletes every key under {@code namespace}. */
  private static void forgetKeys(RedisCommands<String, String> commands, String namespace) {
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page =
          commands.scan(cursor, ScanArgs.Builder.matches(namespace + ":*").limit(500));
      if (!page.getKeys().isEmpty()) {
        commands.del(page.getKeys().toArray(String[]::new));
      }
      cursor = page;
    } while (!cursor.isFinished());
  }
}
