package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.inventory.LedgerChange.HoldEnd;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What {@link EmbeddedInventory} keeps in the journal, and how a ledger change becomes records: the
 * events whose stock is open, the live holds, the orders (each under its hold's id, so one hold is
 * sold at most once), and the holds that ended without an order, so that they answer "expired" or
 * "released" after a restart, not "not found".
 */
final class InventoryTables {
  static final Table<Event> STOCK = new Table<>("stock", EventCodec.INSTANCE);
  static final Table<Hold> HOLDS = new Table<>("holds", new HoldCodec());
  static final Table<Order> ORDERS = new Table<>("orders", new OrderCodec());
  static final Table<EndedHold> ENDED = new Table<>("ended-holds", new EndedCodec());

  /**
   * Orders accepted at once and not yet finalised by the order pipeline, under their reservation's
   * id: the pipeline's durable queue.
   */
  static final Table<Order> PENDING = new Table<>("pending-orders", new OrderCodec());

  /** Orders the pipeline failed, under their reservation's id, with the reason. */
  static final Table<FailedOrder> FAILED = new Table<>("failed-orders", new FailedCodec());

  private InventoryTables() {}

  /** A hold that ended without an order: whose it was, how and when it ended, when it expired. */
  record EndedHold(UserId user, HoldEnd how, Instant expiresAt, Instant at) {}

  /** A pending order that failed, and why. */
  record FailedOrder(Order order, String reason) {}

  /** The records of one ledger change. */
  static void record(LedgerChange change, Consumer<JournalRecord> records) {
    switch (change) {
      case LedgerChange.HoldCreated(Hold hold) ->
          records.accept(new JournalRecord.Put<>(HOLDS, hold.id().value(), hold));
      case LedgerChange.HoldEnded(Hold hold, HoldEnd how, Instant at) -> {
        records.accept(new JournalRecord.Delete(HOLDS, hold.id().value()));
        records.accept(
            new JournalRecord.Put<>(
                ENDED, hold.id().value(), new EndedHold(hold.user(), how, hold.expiresAt(), at)));
      }
      case LedgerChange.OrderPlaced(Order order) -> {
        records.accept(new JournalRecord.Delete(HOLDS, order.hold().value()));
        records.accept(new JournalRecord.Insert<>(ORDERS, order.hold().value(), order));
      }
      case LedgerChange.OrderQueued(Order order) ->
          records.accept(new JournalRecord.Insert<>(PENDING, order.hold().value(), order));
    }
  }

  private static final class HoldCodec implements Codec<Hold> {
    @Override
    public void write(Hold hold, DataOutput out) throws IOException {
      out.writeUTF(hold.id().value());
      out.writeUTF(hold.user().value());
      out.writeUTF(hold.ticketType().value());
      out.writeInt(hold.quantity().value());
      Codec.writeInstant(hold.createdAt(), out);
      Codec.writeInstant(hold.expiresAt(), out);
    }

    @Override
    public Hold read(DataInput in) throws IOException {
      HoldId id = new HoldId(in.readUTF());
      return new Hold(
          id,
          id.event(),
          new UserId(in.readUTF()),
          new TicketTypeCode(in.readUTF()),
          new Quantity(in.readInt()),
          Codec.readInstant(in),
          Codec.readInstant(in));
    }
  }

  /**
   * Orders are most of what a restart reads and keeps in memory: the values every order of an event
   * shares (its event, ticket type, currency) are read once and shared, not one copy each.
   */
  private static final class OrderCodec implements Codec<Order> {
    private final ConcurrentHashMap<EventId, EventId> events = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TicketTypeCode> types = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> currencies = new ConcurrentHashMap<>();

    @Override
    public void write(Order order, DataOutput out) throws IOException {
      out.writeUTF(order.id().value());
      out.writeUTF(order.hold().value());
      out.writeUTF(order.user().value());
      out.writeUTF(order.ticketType().value());
      out.writeInt(order.quantity());
      out.writeLong(order.total().minor());
      out.writeUTF(order.total().currency());
      Codec.writeInstant(order.createdAt(), out);
    }

    @Override
    public Order read(DataInput in) throws IOException {
      OrderId id = new OrderId(in.readUTF());
      HoldId hold = new HoldId(in.readUTF());
      return new Order(
          id,
          hold,
          events.computeIfAbsent(hold.event(), event -> event),
          new UserId(in.readUTF()),
          types.computeIfAbsent(in.readUTF(), TicketTypeCode::new),
          in.readInt(),
          new Money(in.readLong(), currencies.computeIfAbsent(in.readUTF(), c -> c)),
          Codec.readInstant(in));
    }
  }

  private static final class FailedCodec implements Codec<FailedOrder> {
    private final OrderCodec orders = new OrderCodec();

    @Override
    public void write(FailedOrder failed, DataOutput out) throws IOException {
      orders.write(failed.order(), out);
      out.writeUTF(failed.reason());
    }

    @Override
    public FailedOrder read(DataInput in) throws IOException {
      return new FailedOrder(orders.read(in), in.readUTF());
    }
  }

  private static final class EndedCodec implements Codec<EndedHold> {
    @Override
    public void write(EndedHold ended, DataOutput out) throws IOException {
      out.writeUTF(ended.user().value());
      out.writeByte(ended.how() == HoldEnd.EXPIRED ? 'E' : 'R');
      Codec.writeInstant(ended.expiresAt(), out);
      Codec.writeInstant(ended.at(), out);
    }

    @Override
    public EndedHold read(DataInput in) throws IOException {
      UserId user = new UserId(in.readUTF());
      HoldEnd how =
          switch (in.readByte()) {
            case 'E' -> HoldEnd.EXPIRED;
            case 'R' -> HoldEnd.RELEASED;
            default -> throw new IOException("unknown way for a hold to end");
          };
      return new EndedHold(user, how, Codec.readInstant(in), Codec.readInstant(in));
    }
  }
}
