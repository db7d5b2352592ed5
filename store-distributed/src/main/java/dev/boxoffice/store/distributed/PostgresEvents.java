package dev.boxoffice.store.distributed;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.SaleWindow;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Events in PostgreSQL: an event in one table, its ticket types in another, written in one
 * transaction; the event's id is the key, so of two servers creating one id exactly one succeeds,
 * and the loser's types are never written. The catalog keeps them in {@code events} and {@code
 * ticket_types}; the inventory keeps its own record of the events whose stock is open, in {@code
 * stock_events} and {@code stock}.
 *
 * <p>An event never changes once written, so each server keeps the events it has read in memory and
 * asks PostgreSQL only for those it has not seen (and for the list, which others may add to).
 *
 * <p>Thread policy: thread-safe.
 */
final class PostgresEvents implements Events {
  private static final String EVENT_COLUMNS =
      "id, name, venue, starts_at, sale_opens_at, sale_closes_at, hold_ttl_millis,"
          + " per_user_limit, mode";

  private final Jdbi jdbi;
  private final String eventTable;
  private final String typeTable;
  private final Map<EventId, Event> seen = new ConcurrentHashMap<>();

  private PostgresEvents(Jdbi jdbi, String eventTable, String typeTable) {
    this.jdbi = jdbi;
    this.eventTable = eventTable;
    this.typeTable = typeTable;
  }

  /** The catalog. */
  static PostgresEvents catalog(Jdbi jdbi) {
    return new PostgresEvents(jdbi, "events", "ticket_types");
  }

  /** The inventory's record of the events whose stock is open. */
  static PostgresEvents stock(Jdbi jdbi) {
    return new PostgresEvents(jdbi, "stock_events", "stock");
  }

  @Override
  public boolean create(Event event) {
    return jdbi.inTransaction(
        h -> {
          int inserted =
              h.createUpdate(
                      "INSERT INTO "
                          + eventTable
                          + " ("
                          + EVENT_COLUMNS
                          + ") VALUES (:id, :name, :venue, :startsAt, :opensAt, :closesAt,"
                          + " :ttl, :limit, :mode) ON CONFLICT (id) DO NOTHING")
                  .bind("id", event.id().value())
                  .bind("name", event.name())
                  .bind("venue", event.venue())
                  .bind("startsAt", Columns.utc(event.startsAt()))
                  .bind("opensAt", Columns.utc(event.saleWindow().opensAt()))
                  .bind("closesAt", Columns.utc(event.saleWindow().closesAt()))
                  .bind("ttl", event.holdTtl().toMillis())
                  .bind("limit", event.perUserLimit())
                  .bind("mode", event.mode().name())
                  .execute();
          if (inserted == 0) {
            return false;
          }
          PreparedBatch types =
              h.prepareBatch(
                  "INSERT INTO "
                      + typeTable
                      + " (event_id, position, code, name, price_minor, currency, capacity)"
                      + " VALUES (:event, :position, :code, :name, :price, :currency, :capacity)");
          List<TicketType> all = event.ticketTypes();
          for (int i = 0; i < all.size(); i++) {
            TicketType type = all.get(i);
            types
                .bind("event", event.id().value())
                .bind("position", i)
                .bind("code", type.code().value())
                .bind("name", type.name())
                .bind("price", type.price().minor())
                .bind("currency", type.price().currency())
                .bind("capacity", type.capacity())
                .add();
          }
          types.execute();
          return true;
        });
  }

  @Override
  public Optional<Event> find(EventId id) {
    Event known = seen.get(id);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Event> found =
        jdbi.withHandle(h -> read(h, Optional.of(id.value())).stream().findFirst());
    found.ifPresent(event -> seen.put(id, event));
    return found;
  }

  @Override
  public List<Event> list() {
    return jdbi.withHandle(h -> read(h, Optional.empty()));
  }

  /** The event of this id, or every event, oldest first, with their ticket types. */
  private List<Event> read(Handle h, Optional<String> id) {
    Map<String, Object> params = id.<Map<String, Object>>map(i -> Map.of("id", i)).orElse(Map.of());
    Map<String, List<TicketType>> types = new LinkedHashMap<>();
    h.createQuery(
            "SELECT t.event_id, t.code, t.name, t.price_minor, t.currency, t.capacity"
                + " FROM "
                + typeTable
                + " t"
                + (id.isPresent() ? " WHERE t.event_id = :id" : "")
                + " ORDER BY t.event_id, t.position")
        .bindMap(params)
        .map(
            (rs, ctx) -> {
              types
                  .computeIfAbsent(rs.getString("event_id"), k -> new ArrayList<>())
                  .add(
                      new TicketType(
                          new TicketTypeCode(rs.getString("code")),
                          rs.getString("name"),
                          new Money(rs.getLong("price_minor"), rs.getString("currency")),
                          rs.getInt("capacity")));
              return 0;
            })
        .list();
    return h.createQuery(
            "SELECT "
                + EVENT_COLUMNS
                + " FROM "
                + eventTable
                + (id.isPresent() ? " WHERE id = :id" : "")
                + " ORDER BY created")
        .bindMap(params)
        .map((rs, ctx) -> event(rs, types.getOrDefault(rs.getString("id"), List.of())))
        .list();
  }

  private static Event event(ResultSet rs, List<TicketType> types) throws SQLException {
    return new Event(
        new EventId(rs.getString("id")),
        rs.getString("name"),
        rs.getString("venue"),
        Columns.instant(rs, "starts_at"),
        new SaleWindow(Columns.instant(rs, "sale_opens_at"), Columns.instant(rs, "sale_closes_at")),
        Duration.ofMillis(rs.getLong("hold_ttl_millis")),
        rs.getInt("per_user_limit"),
        SaleMode.valueOf(rs.getString("mode")),
        types);
  }
}
