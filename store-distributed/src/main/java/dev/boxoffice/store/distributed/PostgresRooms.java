package dev.boxoffice.store.distributed;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.waitingroom.RoomTerms;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Each event's waiting room as set up: its terms and the seed of its pre-queue's shuffle, kept in
 * PostgreSQL ({@code rooms}) for every server; and the record of its line ({@code
 * V8__room_lines.sql}), which a Redis restarted empty is loaded again from: every join, the line's
 * opening, every admission. Every write may be repeated and changes nothing the second time.
 *
 * <p>Thread policy: thread-safe.
 */
final class PostgresRooms {
  private final Jdbi jdbi;

  /** A room's terms and seed. */
  record Room(EventId event, RoomTerms terms, Seed seed) {}

  /** A user in the room's line at {@code position}, or in its pre-queue (position 0). */
  record Joined(EventId event, UserId user, long position) {}

  /** The line served up to {@code servedTo} at {@code at}. */
  record Admission(long servedTo, Instant at) {}

  /** The line's opening, if it opened, and its admissions in order. */
  record Line(Optional<Instant> opened, String digest, List<Admission> admissions) {}

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

  /**
   * Records these joins in one transaction, each user's place as Redis last answered it (a user in
   * the pre-queue keeps the place the line's opening gave).
   */
  List<Boolean> join(List<Joined> joins) {
    jdbi.useTransaction(
        h -> {
          PreparedBatch insert =
              h.prepareBatch(
                  "INSERT INTO room_joins (event_id, user_id, position) VALUES (:event, :user,"
                      + " :position) ON CONFLICT (event_id, user_id) DO UPDATE SET position ="
                      + " COALESCE(excluded.position, room_joins.position)");
          // In one order, so that groups written at once by several servers never deadlock.
          List<Joined> sorted =
              joins.stream()
                  .sorted(
                      Comparator.comparing((Joined j) -> j.event().value())
                          .thenComparing(j -> j.user().value()))
                  .toList();
          for (Joined joined : sorted) {
            insert
                .bind("event", joined.event().value())
                .bind("user", joined.user().value())
                .bind("position", joined.position() > 0 ? joined.position() : null)
                .add();
          }
          insert.execute();
        });
    return joins.stream().map(j -> true).toList();
  }

  /** The line's opening: when, the shuffle's digest, and the shuffled pre-queue in line order. */
  record Opening(Instant at, String digest, List<String> order) {}

  /**
   * Opens the line, unless it opened: the shuffled pre-queue {@code order} takes places 1 to its
   * size. Returns the opening that stands, this one or one recorded before.
   */
  Opening open(EventId event, Instant at, String digest, List<String> order) {
    return jdbi.inTransaction(
        h -> {
          boolean first =
              h.createUpdate(
                          "UPDATE rooms SET opened_at = :at, digest = :digest, shuffled = :n"
                              + " WHERE event_id = :event AND opened_at IS NULL")
                      .bind("event", event.value())
                      .bind("at", Columns.utc(at))
                      .bind("digest", digest)
                      .bind("n", order.size())
                      .execute()
                  == 1;
          if (first) {
            lineUp(h, event, 1, order);
            return new Opening(at, digest, order);
          }
          record Recorded(Instant at, String digest, int shuffled) {}
          Recorded recorded =
              h.createQuery("SELECT opened_at, digest, shuffled FROM rooms WHERE event_id = :event")
                  .bind("event", event.value())
                  .map(
                      (rs, ctx) ->
                          new Recorded(
                              Columns.instant(rs, "opened_at"),
                              rs.getString("digest"),
                              rs.getInt("shuffled")))
                  .one();
          List<String> shuffled =
              h.createQuery(
                      "SELECT user_id FROM room_joins WHERE event_id = :event AND position <= :n"
                          + " ORDER BY position")
                  .bind("event", event.value())
                  .bind("n", recorded.shuffled())
                  .mapTo(String.class)
                  .list();
          return new Opening(recorded.at(), recorded.digest(), shuffled);
        });
  }

  /** Records the users at consecutive places from {@code first}. */
  void lineUp(EventId event, long first, List<String> users) {
    jdbi.useHandle(h -> lineUp(h, event, first, users));
  }

  private static void lineUp(Handle h, EventId event, long first, List<String> users) {
    h.createUpdate(
            "INSERT INTO room_joins (event_id, user_id, position) SELECT :event, u.user_id,"
                + " :first + u.n - 1 FROM unnest(:users) WITH ORDINALITY AS u(user_id, n)"
                + " ORDER BY u.user_id"
                + " ON CONFLICT (event_id, user_id) DO UPDATE SET position = excluded.position")
        .bind("event", event.value())
        .bind("first", first)
        .bind("users", users.toArray(String[]::new))
        .execute();
  }

  /** Records that the line was served up to {@code servedTo} at {@code at}. */
  void admitted(EventId event, long servedTo, Instant at) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO room_admissions (event_id, served_to, admitted_at) VALUES"
                        + " (:event, :servedTo, :at) ON CONFLICT DO NOTHING")
                .bind("event", event.value())
                .bind("servedTo", servedTo)
                .bind("at", Columns.utc(at))
                .execute());
  }

  /**
   * Reads the line as recorded, in one snapshot: its opening and admissions handed to {@code
   * reader}, then every user who joined to what it returns, streamed: those in line by place (the
   * first recorded first, of two given one place), then those in the pre-queue.
   */
  void read(EventId event, Function<Line, Consumer<Joined>> reader) {
    jdbi.useTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        h -> {
          List<Admission> admissions =
              h.createQuery(
                      "SELECT served_to, admitted_at FROM room_admissions WHERE event_id = :event"
                          + " ORDER BY served_to")
                  .bind("event", event.value())
                  .map(
                      (rs, ctx) -> new Admission(rs.getLong(1), Columns.instant(rs, "admitted_at")))
                  .list();
          Line line =
              h.createQuery("SELECT opened_at, digest FROM rooms WHERE event_id = :event")
                  .bind("event", event.value())
                  .map(
                      (rs, ctx) ->
                          new Line(
                              rs.getObject("opened_at") == null
                                  ? Optional.empty()
                                  : Optional.of(Columns.instant(rs, "opened_at")),
                              rs.getString("digest"),
                              admissions))
                  .one();
          h.createQuery(
                  "SELECT user_id, position FROM room_joins WHERE event_id = :event"
                      + " ORDER BY position NULLS LAST, seq")
              .bind("event", event.value())
              .setFetchSize(10_000)
              .map((rs, ctx) -> new Joined(event, new UserId(rs.getString(1)), rs.getLong(2)))
              .forEach(reader.apply(line));
        });
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
