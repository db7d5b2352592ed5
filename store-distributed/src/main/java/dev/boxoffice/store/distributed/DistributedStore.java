package dev.boxoffice.store.distributed;

import dev.boxoffice.core.blacklist.Blacklist;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.flashsale.Challenges;
import dev.boxoffice.core.identity.Accounts;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.SaleRules;
import dev.boxoffice.core.order.Orders;
import dev.boxoffice.core.ratelimit.TokenBuckets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The store of a deployment of several servers: hot sale state in Redis, the record in PostgreSQL.
 * Servers opened on the same URLs (and the same namespace and schema) are one deployment: an event,
 * its stock, its orders and its accounts are the same on each.
 *
 * <p>It sells by the first-come rule today; the lottery, the waiting room and the flash sale keep
 * their state in the embedded store only, so a deployment on this store does not offer them yet.
 *
 * <p>Thread policy: thread-safe.
 */
public final class DistributedStore implements AutoCloseable {
  /** The namespace of Redis keys, and the schema in PostgreSQL, of a deployment by default. */
  public static final String DEFAULT_NAME = "boxoffice";

  /** How often a server that sweeps ends due holds in every event. */
  static final Duration SWEEP_EVERY = Duration.ofMillis(250);

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final PostgresStore records;
  private final RedisStore hot;
  private final RedisInventory inventory;

  private DistributedStore(PostgresStore records, RedisStore hot, RedisInventory inventory) {
    this.records = records;
    this.hot = hot;
    this.inventory = inventory;
  }

  /**
   * Connects to Redis at {@code redisUrl} and PostgreSQL at {@code postgresUrl} (see {@link
   * RedisStore#open} and {@link PostgresStore#open} for their forms), migrating PostgreSQL's
   * schema.
   *
   * @param name the deployment's name: its Redis keys' prefix and its PostgreSQL schema
   * @param sweeps whether this server ends due holds and records what no server recorded (a
   *     deployment needs one that does; several may)
   * @throws IllegalArgumentException if a URL is not of its service's form, or the name is not
   *     lower-case letters, digits and underscores, starting with a letter
   * @throws ServiceUnavailableException naming the service that cannot be used, and why
   */
  public static DistributedStore open(
      String redisUrl, String postgresUrl, String name, InstantSource clock, boolean sweeps) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "deployment must be 1-63 lower-case letters, digits and underscores, starting with a"
              + " letter: "
              + name);
    }
    PostgresStore records = PostgresStore.open(postgresUrl, name);
    try {
      RedisStore hot = RedisStore.open(redisUrl, name, clock);
      try {
        RedisInventory inventory = hot.inventory(records, SaleRules.standard());
        if (sweeps) {
          inventory.sweepEvery(SWEEP_EVERY, clock);
        }
        return new DistributedStore(records, hot, inventory);
      } catch (RuntimeException e) {
        hot.close();
        throw e;
      }
    } catch (RuntimeException e) {
      records.close();
      throw e;
    }
  }

  // Each port answers a failure of Redis or PostgreSQL with StoreUnavailableException (503).

  public Events events() {
    return ServiceFailures.translated(Events.class, records.events());
  }

  public Inventory inventory() {
    return ServiceFailures.translated(Inventory.class, inventory);
  }

  public Orders orders() {
    return ServiceFailures.translated(Orders.class, records.orders());
  }

  public Accounts accounts() {
    return ServiceFailures.translated(Accounts.class, records.accounts());
  }

  public Blacklist blacklist() {
    return ServiceFailures.translated(Blacklist.class, records.blacklist());
  }

  public Challenges challenges() {
    return ServiceFailures.translated(Challenges.class, hot.challenges());
  }

  public TokenBuckets tokenBuckets() {
    return ServiceFailures.translated(TokenBuckets.class, hot.tokenBuckets());
  }

  /** The deployment's shared secret of this name; see {@link PostgresStore#secret}. */
  public String secret(String name, Supplier<String> fresh) {
    return records.secret(name, fresh);
  }

  /** Whether both services answer now. */
  public boolean healthy() {
    return records.healthy() && hot.healthy();
  }

  @Override
  public void close() {
    try {
      inventory.close();
      hot.close();
    } finally {
      records.close();
    }
  }
}
