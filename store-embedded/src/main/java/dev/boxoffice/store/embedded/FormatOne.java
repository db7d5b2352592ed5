package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.SaleWindow;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The data folder's first format, which the releases before RocksDB wrote: one SQLite database,
 * {@value #DATABASE}, holding tables of what was live (events with their ticket types, accounts,
 * live holds, orders). Read once, by {@link DataFormat}, to move a folder to the current format.
 */
final class FormatOne {
  static final String DATABASE = "boxoffice.db";

  /** The database and the files SQLite keeps beside it. */
  static final List<String> FILES =
      List.of(DATABASE, DATABASE + "-wal", DATABASE + "-shm", DATABASE + "-journal");

  private static final int SCHEMA_VERSION = 1;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private FormatOne() {}

  /** What was copied. */
  record Copied(int events, int accounts, int liveHolds, int orders) {}

  /**
   * Hands everything the database holds to {@code records} as the current format's records: each
   * event into the catalog and the stock (the first format kept one row for both), then the
   * accounts, the live holds and the orders. SQLite first replays its own log, if the server that
   * wrote it was killed.
   *
   * @throws SQLException if the database cannot be read or is not of the first format
   */
  static Copied copy(Path database, Consumer<JournalRecord> records) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
        Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
        int version = rs.next() ? rs.getInt(1) : 0;
        if (version != SCHEMA_VERSION) {
          throw new SQLException(
              database + " has schema version " + version + ", not " + SCHEMA_VERSION);
        }
      }
      List<Event> events = events(s);
      for (Event event : events) {
        String id = event.id().value();
        records.accept(new JournalRecord.Put<>(EmbeddedCatalog.EVENTS, id, event));
        records.accept(new JournalRecord.Put<>(InventoryTables.STOCK, id, event));
      }
      int accounts = 0;
      try (ResultSet rs =
          s.executeQuery("SELECT user_id, password_hash, created_at FROM accounts")) {
        for (; rs.next(); accounts++) {
          Account account =
              new Account(
                  new UserId(rs.getString(1)), rs.getString(2), Instant.parse(rs.getString(3)));
          records.accept(
              new JournalRecord.Put<>(EmbeddedAccounts.ACCOUNTS, account.user().value(), account));
        }
      }
      int holds = 0;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT id, user_id, ticket_type, quantity, created_at_nanos, expires_at_nanos"
                  + " FROM holds")) {
        for (; rs.next(); holds++) {
          HoldId id = new HoldId(rs.getString(1));
          Hold hold =
              new Hold(
                  id,
                  id.event(),
                  new UserId(rs.getString(2)),
                  new TicketTypeCode(rs.getString(3)),
                  new Quantity(rs.getInt(4)),
                  fromNanos(rs.getLong(5)),
                  fromNanos(rs.getLong(6)));
          records.accept(new JournalRecord.Put<>(InventoryTables.HOLDS, id.value(), hold));
        }
      }
      int orders = 0;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT id, hold_id, user_id, ticket_type, quantity, total_minor, currency,"
                  + " created_at_nanos FROM orders ORDER BY seq")) {
        for (; rs.next(); orders++) {
          HoldId hold = new HoldId(rs.getString(2));
          Order order =
              new Order(
                  new OrderId(rs.getString(1)),
                  hold,
                  hold.event(),
                  new UserId(rs.getString(3)),
                  new TicketTypeCode(rs.getString(4)),
                  rs.getInt(5),
                  new Money(rs.getLong(6), rs.getString(7)),
                  fromNanos(rs.getLong(8)));
          records.accept(new JournalRecord.Insert<>(InventoryTables.ORDERS, hold.value(), order));
        }
      }
      return new Copied(events.size(), accounts, holds, orders);
    }
  }

  private static List<Event> events(Statement s) throws SQLException {
    Map<String, List<TicketType>> types = new HashMap<>();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT event_id, code, name, price_minor, currency, capacity"
                + " FROM ticket_types ORDER BY event_id, position")) {
      while (rs.next()) {
        types
            .computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
            .add(
                new TicketType(
                    new TicketTypeCode(rs.getString(2)),
                    rs.getString(3),
                    new Money(rs.getLong(4), rs.getString(5)),
                    rs.getInt(6)));
      }
    }
    List<Event> events = new ArrayList<>();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT id, name, venue, starts_at, sale_opens_at, sale_closes_at, hold_ttl_nanos,"
                + " per_user_limit, mode FROM events")) {
      while (rs.next()) {
        String id = rs.getString(1);
        events.add(
            new Event(
                new EventId(id),
                rs.getString(2),
                rs.getString(3),
                Instant.parse(rs.getString(4)),
                new SaleWindow(Instant.parse(rs.getString(5)), Instant.parse(rs.getString(6))),
                Duration.ofNanos(rs.getLong(7)),
                rs.getInt(8),
                SaleMode.valueOf(rs.getString(9)),
                types.getOrDefault(id, List.of())));
      }
    }
    return events;
  }

  private static Instant fromNanos(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }
}
