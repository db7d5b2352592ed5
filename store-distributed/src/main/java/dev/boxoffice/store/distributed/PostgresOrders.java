package dev.boxoffice.store.distributed;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.order.OrderState;
import dev.boxoffice.core.order.Orders;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

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
  private static final String INSERT =
      "INSERT INTO orders ("
          + COLUMNS
          + ") VALUES (:id, :hold, :event, :user, :type, :quantity, :total, :currency, :createdAt)"
          + " ON CONFLICT DO NOTHING";

  private final Jdbi jdbi;

  PostgresOrders(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Records {@code orders} and counts their tickets sold, each unless an order of its hold is
   * recorded already; returns the holds whose orders were refused, recording nothing for them,
   * because their tickets would sell a type past its capacity, and those whose hold had its order
   * recorded before (that order stands). Once this returns, every order's hold but the refused has
   * its order recorded (a concurrent recording of it is waited for).
   *
   * <p>One transaction for them all, which one commit makes durable. Its locks are taken in one
   * order (holds, then ticket types, each sorted), so servers recording at once never deadlock.
   * Only if a type would go past its capacity does it fall back to one transaction per order, to
   * refuse exactly those that do not fit.
   */
  Recording record(List<Order> orders) {
    List<Order> sorted =
        orders.stream().sorted(Comparator.comparing(o -> o.hold().value())).toList();
    Set<HoldId> before = new HashSet<>();
    boolean fitted =
        jdbi.inTransaction(
            h -> {
              PreparedBatch insert = h.prepareBatch(INSERT);
              for (Order order : sorted) {
                bind(insert, order).add();
              }
              int[] inserted = insert.execute();
              if (Arrays.stream(inserted).anyMatch(count -> count < 0)) {
                // The driver did not say which rows it inserted (reWriteBatchedInserts): one by
                // one.
                h.rollback();
                return false;
              }
              Map<List<String>, Integer> sold = new TreeMap<>(Comparator.comparing(List::toString));
              before.clear();
              for (int i = 0; i < inserted.length; i++) {
                if (inserted[i] == 0) {
                  before.add(sorted.get(i).hold());
                } else {
                  Order order = sorted.get(i);
                  sold.merge(
                      List.of(order.event().value(), order.ticketType().value()),
                      order.quantity(),
                      Integer::sum);
                }
              }
              for (Map.Entry<List<String>, Integer> type : sold.entrySet()) {
                if (countSold(h, type.getKey().get(0), type.getKey().get(1), type.getValue())
                    == 0) {
                  h.rollback();
                  return false;
                }
              }
              return true;
            });
    if (fitted) {
      return new Recording(Set.of(), before);
    }
    Set<HoldId> refused = new HashSet<>();
    before.clear();
    for (Order order : sorted) {
      switch (record(order)) {
        case REFUSED -> refused.add(order.hold());
        case BEFORE -> before.add(order.hold());
        case RECORDED -> {}
      }
    }
    return new Recording(refused, before);
  }

  /**
   * What {@link #record(List)} did: the holds whose orders it refused, and those whose hold had an
   * order recorded before; it recorded the others.
   */
  record Recording(Set<HoldId> refused, Set<HoldId> before) {
    /** What became of the order of {@code hold}. */
    Outcome of(HoldId hold) {
      return refused.contains(hold)
          ? Outcome.REFUSED
          : before.contains(hold) ? Outcome.BEFORE : Outcome.RECORDED;
    }
  }

  /** What recording did with one order. */
  enum Outcome {
    /** Recorded now. */
    RECORDED,
    /** Its hold's order was recorded before: that one stands. */
    BEFORE,
    /** Refused: its tickets would sell its type past capacity. */
    REFUSED
  }

  /** {@link #record(List)} for one order. */
  private Outcome record(Order order) {
    return jdbi.inTransaction(
        h -> {
          if (bind(h.createUpdate(INSERT), order).execute() == 0) {
            return Outcome.BEFORE;
          }
          if (countSold(h, order.event().value(), order.ticketType().value(), order.quantity())
              == 0) {
            h.rollback();
            return Outcome.REFUSED;
          }
          return Outcome.RECORDED;
        });
  }

  private static <S extends SqlStatement<S>> S bind(S statement, Order order) {
    return statement
        .bind("id", order.id().value())
        .bind("hold", order.hold().value())
        .bind("event", order.event().value())
        .bind("user", order.user().value())
        .bind("type", order.ticketType().value())
        .bind("quantity", order.quantity())
        .bind("total", order.total().minor())
        .bind("currency", order.total().currency())
        .bind("createdAt", Columns.utc(order.createdAt()));
  }

  /** Counts {@code quantity} more tickets of the type sold, unless that passes its capacity. */
  private static int countSold(Handle h, String event, String type, int quantity) {
    return h.createUpdate(
            "UPDATE stock SET sold = sold + :quantity WHERE event_id = :event AND code = :type"
                + " AND sold + :quantity <= capacity")
        .bind("quantity", quantity)
        .bind("event", event)
        .bind("type", type)
        .execute();
  }

  /** Records that the pipeline could not sell {@code order}, for {@code reason}; again, nothing. */
  void fail(Order order, String reason) {
    jdbi.useHandle(
        h ->
            bind(
                    h.createUpdate(
                        "INSERT INTO failed_orders ("
                            + COLUMNS
                            + ", reason) VALUES (:id, :hold, :event, :user, :type, :quantity,"
                            + " :total, :currency, :createdAt, :reason) ON CONFLICT DO NOTHING"),
                    order)
                .bind("reason", reason)
                .execute());
  }

  /** The order the pipeline could not sell, if this is one. */
  Optional<OrderState.Failed> failed(OrderId id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + ", reason FROM failed_orders WHERE id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> new OrderState.Failed(order(rs), rs.getString("reason")))
                .findOne());
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
