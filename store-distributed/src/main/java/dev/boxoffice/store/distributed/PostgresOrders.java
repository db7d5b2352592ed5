package dev.boxoffice.store.distributed;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.order.Orders;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Orders in PostgreSQL, the record that makes a sale permanent. Recording an order and counting its
 * tickets as sold ({@code stock.sold}) is one transaction, and the schema refuses a second order of
 * one hold and a type sold past its capacity: whatever the hot state in Redis says, no ticket is
 * sold twice.
 *
 * <p>Thread policy: thread-safe.
 */
final class PostgresOrders implements Orders {
  private static final String COLUMNS =
      "id, hold_id, event_id, user_id, ticket_type, quantity, total_minor, currency, created_at";

  private final Jdbi jdbi;

  PostgresOrders(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Records {@code order} and counts its tickets sold, unless an order of its hold is recorded
   * already. Returns true once the hold's order is recorded (now or before; a concurrent recording
   * of it is waited for); false, recording nothing, if its tickets would sell the type past its
   * capacity.
   */
  boolean record(Order order) {
    return jdbi.inTransaction(
        h -> {
          int inserted =
              h.createUpdate(
                      "INSERT INTO orders ("
                          + COLUMNS
                          + ") VALUES (:id, :hold, :event, :user, :type, :quantity, :total,"
                          + " :currency, :createdAt) ON CONFLICT DO NOTHING")
                  .bind("id", order.id().value())
                  .bind("hold", order.hold().value())
                  .bind("event", order.event().value())
                  .bind("user", order.user().value())
                  .bind("type", order.ticketType().value())
                  .bind("quantity", order.quantity())
                  .bind("total", order.total().minor())
                  .bind("currency", order.total().currency())
                  .bind("createdAt", Columns.utc(order.createdAt()))
                  .execute();
          if (inserted == 0) {
            return true;
          }
          int counted =
              h.createUpdate(
                      "UPDATE stock SET sold = sold + :quantity WHERE event_id = :event"
                          + " AND code = :type AND sold + :quantity <= capacity")
                  .bind("quantity", order.quantity())
                  .bind("event", order.event().value())
                  .bind("type", order.ticketType().value())
                  .execute();
          if (counted == 0) {
            h.rollback();
            return false;
          }
          return true;
        });
  }

  @Override
  public Optional<Order> find(OrderId id) {
    return select("id = :key", id.value()).stream().findFirst();
  }

  /** The order of a completed hold, if one is recorded. */
  Optional<Order> ofHold(HoldId hold) {
    return select("hold_id = :key", hold.value()).stream().findFirst();
  }

  @Override
  public List<Order> byUser(UserId user) {
    return select("user_id = :key ORDER BY created_at, placed", user.value());
  }

  /** What the event's recorded orders hold: each type's tickets sold, each buyer's tickets. */
  Sold sold(EventId event) {
    return jdbi.withHandle(
        h -> {
          Map<TicketTypeCode, Integer> types = new LinkedHashMap<>();
          h.createQuery("SELECT code, sold FROM stock WHERE event_id = :event ORDER BY position")
              .bind("event", event.value())
              .map((rs, ctx) -> types.put(new TicketTypeCode(rs.getString(1)), rs.getInt(2)))
              .list();
          Map<UserId, Integer> buyers = new LinkedHashMap<>();
          h.createQuery(
                  "SELECT user_id, sum(quantity) FROM orders WHERE event_id = :event"
                      + " GROUP BY user_id")
              .bind("event", event.value())
              .map((rs, ctx) -> buyers.put(new UserId(rs.getString(1)), rs.getInt(2)))
              .list();
          return new Sold(types, buyers);
        });
  }

  /** Tickets sold of each ticket type, and to each buyer. */
  record Sold(Map<TicketTypeCode, Integer> types, Map<UserId, Integer> buyers) {}

  private List<Order> select(String where, String key) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM orders WHERE " + where)
                .bind("key", key)
                .map((rs, ctx) -> order(rs))
                .list());
  }

  private static Order order(ResultSet rs) throws SQLException {
    return new Order(
        new OrderId(rs.getString("id")),
        new HoldId(rs.getString("hold_id")),
        new EventId(rs.getString("event_id")),
        new UserId(rs.getString("user_id")),
        new TicketTypeCode(rs.getString("ticket_type")),
        rs.getInt("quantity"),
        new Money(rs.getLong("total_minor"), rs.getString("currency")),
        Columns.instant(rs, "created_at"));
  }
}
