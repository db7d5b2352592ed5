package dev.boxoffice.store.distributed;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.boxoffice.core.blacklist.Blacklist;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.identity.Accounts;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * PostgreSQL, the system of record of a deployment of several servers: a connection pool
 * (HikariCP), the schema brought up to date by Flyway's migrations ({@code db/migration}) when it
 * opens, and the adapters of the ports kept there. Every change is committed before a method
 * returns, so it is durable and seen by every server at once; unique keys make a second event of
 * one id, or a second account of one username, impossible whichever server asks.
 *
 * <p>Thread policy: thread-safe; the pool hands each call its own connection.
 */
public final class PostgresStore implements AutoCloseable {
  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final PostgresEvents events;
  private final PostgresAccounts accounts;
  private final PostgresBlacklist blacklist;
  private final PostgresEvents stockEvents;
  private final PostgresOrders orders;
  private final PostgresFlashTerms flashTerms;
  private final PostgresRooms rooms;
  private final PostgresLotteries lotteries;

  private PostgresStore(HikariDataSource pool) {
    this.pool = pool;
    this.jdbi = Jdbi.create(pool);
    this.events = PostgresEvents.catalog(jdbi);
    this.accounts = new PostgresAccounts(jdbi);
    this.blacklist = new PostgresBlacklist(jdbi);
    this.stockEvents = PostgresEvents.stock(jdbi);
    this.orders = new PostgresOrders(jdbi);
    this.flashTerms = new PostgresFlashTerms(jdbi);
    this.rooms = new PostgresRooms(jdbi);
    this.lotteries = new PostgresLotteries(jdbi);
  }

  /**
   * Connects to {@code url} ({@code postgresql://user[:password]@host[:port]/dbname}, or a {@code
   * jdbc:postgresql:} URL), in {@code schema} (created if missing), and migrates it.
   *
   * @throws IllegalArgumentException if the URL is not one of these
   * @throws ServiceUnavailableException if the database cannot be reached or refuses the login
   * @throws org.flywaydb.core.api.FlywayException if the schema cannot be migrated
   */
  public static PostgresStore open(String url, String schema) {
    HikariConfig config = config(url);
    config.setSchema(schema);
    config.setPoolName("boxoffice-postgres");
    config.setMaximumPoolSize(16);
    // While PostgreSQL is unreachable a request waits this long for a connection, then answers 503.
    config.setConnectionTimeout(2_000);
    // A PostgreSQL that stops answering fails the statement after this long instead of holding
    // its connection (and every completion behind it) forever.
    config.addDataSourceProperty("socketTimeout", "10");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new ServiceUnavailableException(
          "PostgreSQL at "
              + config.getJdbcUrl().replaceFirst("^jdbc:", "")
              + (config.getUsername() == null ? "" : " as " + config.getUsername())
              + " cannot be used: "
              + rootMessage(e),
          e);
    }
    try {
      Flyway.configure()
          .dataSource(pool)
          .schemas(schema)
          .createSchemas(true)
          .locations("classpath:db/migration")
          .load()
          .migrate();
      return new PostgresStore(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /** The pool's settings for a URL in its usual form or JDBC's. */
  static HikariConfig config(String url) {
    HikariConfig config = new HikariConfig();
    if (url.startsWith("jdbc:postgresql:")) {
      config.setJdbcUrl(url);
      return config;
    }
    URI uri = URI.create(url);
    if (!("postgresql".equals(uri.getScheme()) || "postgres".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "not a PostgreSQL URL: write it postgresql://user@host:port/dbname");
    }
    String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    config.setJdbcUrl(
        "jdbc:postgresql://"
            + uri.getHost()
            + ":"
            + (uri.getPort() < 0 ? 5432 : uri.getPort())
            + "/"
            + database
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      config.setUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        config.setPassword(decode(userInfo.substring(colon + 1)));
      }
    }
    return config;
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  public Events events() {
    return events;
  }

  public Accounts accounts() {
    return accounts;
  }

  public Blacklist blacklist() {
    return blacklist;
  }

  /** The orders, with what the inventory needs beyond the {@code Orders} port. */
  PostgresOrders orders() {
    return orders;
  }

  /** Each event's waiting room: terms and seed. */
  PostgresRooms rooms() {
    return rooms;
  }

  PostgresLotteries lotteries() {
    return lotteries;
  }

  /** Each event's flash-sale terms. */
  PostgresFlashTerms flashTerms() {
    return flashTerms;
  }

  /** The inventory's record of the events whose stock is open. */
  PostgresEvents stockEvents() {
    return stockEvents;
  }

  /**
   * The secret of this name that every server of the deployment shares: the one kept here, or
   * {@code fresh} kept first. Of servers asking at once, all get the first one kept.
   */
  public String secret(String name, Supplier<String> fresh) {
    return jdbi.withHandle(
        h -> {
          h.createUpdate(
                  "INSERT INTO secrets (name, value) VALUES (:name, :value) ON CONFLICT DO NOTHING")
              .bind("name", name)
              .bind("value", fresh.get())
              .execute();
          return h.createQuery("SELECT value FROM secrets WHERE name = :name")
              .bind("name", name)
              .mapTo(String.class)
              .one();
        });
  }

  /** Whether the database answers a query now. */
  boolean healthy() {
    try {
      return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Drops {@code schema} and all it holds: for tests, which each work in a schema of their own. */
  public void dropSchema(String schema) {
    jdbi.useHandle(h -> h.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE"));
  }

  @Override
  public void close() {
    blacklist.close();
    pool.close();
  }
}
