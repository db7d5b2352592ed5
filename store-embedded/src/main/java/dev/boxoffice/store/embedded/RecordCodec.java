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
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Journal records as bytes, for the engines that store bytes: one tag byte, then the fields in a
 * fixed order ({@link DataOutput}'s encodings; instants as seconds and nanoseconds).
 */
final class RecordCodec {
  private static final byte EVENT_CREATED = 1;
  private static final byte STOCK_OPENED = 2;
  private static final byte ACCOUNT_REGISTERED = 3;
  private static final byte HOLD_CREATED = 4;
  private static final byte HOLD_ENDED = 5;
  private static final byte ORDER_PLACED = 6;

  private RecordCodec() {}

  static void write(JournalRecord record, DataOutput out) throws IOException {
    switch (record) {
      case JournalRecord.EventCreated(Event event) -> {
        out.writeByte(EVENT_CREATED);
        writeEvent(event, out);
      }
      case JournalRecord.StockOpened(Event event) -> {
        out.writeByte(STOCK_OPENED);
        writeEvent(event, out);
      }
      case JournalRecord.AccountRegistered(Account account) -> {
        out.writeByte(ACCOUNT_REGISTERED);
        out.writeUTF(account.user().value());
        out.writeUTF(account.passwordHash());
        writeInstant(account.createdAt(), out);
      }
      case JournalRecord.Ledger(LedgerChange.HoldCreated(Hold hold)) -> {
        out.writeByte(HOLD_CREATED);
        writeHold(hold, out);
      }
      case JournalRecord.Ledger(LedgerChange.HoldEnded ended) -> {
        out.writeByte(HOLD_ENDED);
        writeHold(ended.hold(), out);
        out.writeByte(ended.how().ordinal());
        writeInstant(ended.at(), out);
      }
      case JournalRecord.Ledger(LedgerChange.OrderPlaced(Order order)) -> {
        out.writeByte(ORDER_PLACED);
        out.writeUTF(order.id().value());
        out.writeUTF(order.hold().value());
        out.writeUTF(order.user().value());
        out.writeUTF(order.ticketType().value());
        out.writeInt(order.quantity());
        out.writeLong(order.total().minor());
        out.writeUTF(order.total().currency());
        writeInstant(order.createdAt(), out);
      }
    }
  }

  static JournalRecord read(DataInput in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case EVENT_CREATED -> new JournalRecord.EventCreated(readEvent(in));
      case STOCK_OPENED -> new JournalRecord.StockOpened(readEvent(in));
      case ACCOUNT_REGISTERED ->
          new JournalRecord.AccountRegistered(
              new Account(new UserId(in.readUTF()), in.readUTF(), readInstant(in)));
      case HOLD_CREATED -> new JournalRecord.Ledger(new LedgerChange.HoldCreated(readHold(in)));
      case HOLD_ENDED ->
          new JournalRecord.Ledger(
              new LedgerChange.HoldEnded(
                  readHold(in), LedgerChange.HoldEnd.values()[in.readByte()], readInstant(in)));
      case ORDER_PLACED -> {
        OrderId id = new OrderId(in.readUTF());
        HoldId hold = new HoldId(in.readUTF());
        yield new JournalRecord.Ledger(
            new LedgerChange.OrderPlaced(
                new Order(
                    id,
                    hold,
                    hold.event(),
                    new UserId(in.readUTF()),
                    new TicketTypeCode(in.readUTF()),
                    in.readInt(),
                    new Money(in.readLong(), in.readUTF()),
                    readInstant(in))));
      }
      default -> throw new IOException("unknown record tag " + tag);
    };
  }

  private static void writeEvent(Event event, DataOutput out) throws IOException {
    out.writeUTF(event.id().value());
    out.writeUTF(event.name());
    out.writeUTF(event.venue());
    writeInstant(event.startsAt(), out);
    writeInstant(event.saleWindow().opensAt(), out);
    writeInstant(event.saleWindow().closesAt(), out);
    out.writeLong(event.holdTtl().toNanos());
    out.writeInt(event.perUserLimit());
    out.writeUTF(event.mode().name());
    out.writeShort(event.ticketTypes().size());
    for (TicketType type : event.ticketTypes()) {
      out.writeUTF(type.code().value());
      out.writeUTF(type.name());
      out.writeLong(type.price().minor());
      out.writeUTF(type.price().currency());
      out.writeInt(type.capacity());
    }
  }

  private static Event readEvent(DataInput in) throws IOException {
    EventId id = new EventId(in.readUTF());
    String name = in.readUTF();
    String venue = in.readUTF();
    Instant startsAt = readInstant(in);
    SaleWindow window = new SaleWindow(readInstant(in), readInstant(in));
    Duration holdTtl = Duration.ofNanos(in.readLong());
    int perUserLimit = in.readInt();
    SaleMode mode = SaleMode.valueOf(in.readUTF());
    int count = in.readShort();
    List<TicketType> types = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      types.add(
          new TicketType(
              new TicketTypeCode(in.readUTF()),
              in.readUTF(),
              new Money(in.readLong(), in.readUTF()),
              in.readInt()));
    }
    return new Event(id, name, venue, startsAt, window, holdTtl, perUserLimit, mode, types);
  }

  private static void writeHold(Hold hold, DataOutput out) throws IOException {
    out.writeUTF(hold.id().value());
    out.writeUTF(hold.user().value());
    out.writeUTF(hold.ticketType().value());
    out.writeInt(hold.quantity().value());
    writeInstant(hold.createdAt(), out);
    writeInstant(hold.expiresAt(), out);
  }

  private static Hold readHold(DataInput in) throws IOException {
    HoldId id = new HoldId(in.readUTF());
    return new Hold(
        id,
        id.event(),
        new UserId(in.readUTF()),
        new TicketTypeCode(in.readUTF()),
        new Quantity(in.readInt()),
        readInstant(in),
        readInstant(in));
  }

  private static void writeInstant(Instant instant, DataOutput out) throws IOException {
    out.writeLong(instant.getEpochSecond());
    out.writeInt(instant.getNano());
  }

  private static Instant readInstant(DataInput in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }
}
