package dev.boxoffice.store.distributed;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.waitingroom.RoomTerms;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Each event's waiting room as set up: its terms and the seed of its pre-queue's shuffle, kept in
 * PostgreSQL ({@code rooms}) for every server.
 *
 * <p>Thread policy: thread-safe.
 */
final class PostgresRooms {
  private final Jdbi jdbi;

  /** A room's terms and seed. */
  record Room(EventId event, RoomTerms terms, Seed seed) {}

  PostgresRooms(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Sets up the room of an event whose stock is open with {@code terms} and {@code seed}, or, if it
   * has one, changes its terms (the seed stays); false for another event.
   */
  boolean set(EventId event, RoomTerms terms, Seed seed) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO rooms (event_id, enabled, queue_opens_at, rate, max_active,"
                            + " access_millis, paused, seed) SELECT id, :enabled, :opens, :rate,"
                            + " :cap, :access, :paused, :seed FROM stock_events WHERE id = :event"
                            + " ON CONFLICT (event_id) DO UPDATE SET enabled = excluded.enabled,"
                            + " queue_opens_at = excluded.queue_opens_at, rate = excluded.rate,"
                            + " max_active = excluded.max_active,"
                            + " access_millis = excluded.access_millis, paused = excluded.paused")
                    .bind("event", event.value())
                    .bind("enabled", terms.enabled())
                    .bind("opens", Columns.utc(terms.queueOpensAt()))
                    .bind("rate", terms.admissionRatePerSecond())
                    .bind("cap", terms.maxActiveShoppers())
                    .bind("access", terms.accessTtl().toMillis())
                    .bind("paused", terms.paused())
                    .bind("seed", seed.hex())
                    .execute())
        > 0;
  }

  Optional<Room> find(EventId event) {
    return select("WHERE event_id = :event", event.value()).stream().findFirst();
  }

  /** Every room that is enabled. */
  List<Room> enabled() {
    return select("WHERE enabled", null);
  }

  private List<Room> select(String where, String event) {
    return jdbi.withHandle(
        h -> {
          var query =
              h.createQuery(
                  "SELECT event_id, enabled, queue_opens_at, rate, max_active, access_millis,"
                      + " paused, seed FROM rooms "
                      + where);
          if (event != null) {
            query.bind("event", event);
          }
          return query
              .map(
                  (rs, ctx) ->
                      new Room(
                          new EventId(rs.getString("event_id")),
                          new RoomTerms(
                              rs.getBoolean("enabled"),
                              Columns.instant(rs, "queue_opens_at"),
                              rs.getDouble("rate"),
                              rs.getInt("max_active"),
                              Duration.ofMillis(rs.getLong("access_millis")),
                              rs.getBoolean("paused")),
                          new Seed(rs.getString("seed"))))
              .list();
        });
  }
}
