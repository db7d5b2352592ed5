package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.SaleWindow;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An {@link Event} as the catalog's and the stock's tables keep it. */
final class EventCodec implements Codec<Event> {
  static final EventCodec INSTANCE = new EventCodec();

  private EventCodec() {}

  @Override
  public void write(Event event, DataOutput out) throws IOException {
    out.writeUTF(event.id().value());
    out.writeUTF(event.name());
    out.writeUTF(event.venue());
    Codec.writeInstant(event.startsAt(), out);
    Codec.writeInstant(event.saleWindow().opensAt(), out);
    Codec.writeInstant(event.saleWindow().closesAt(), out);
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

  @Override
  public Event read(DataInput in) throws IOException {
    EventId id = new EventId(in.readUTF());
    String name = in.readUTF();
    String venue = in.readUTF();
    Instant startsAt = Codec.readInstant(in);
    SaleWindow window = new SaleWindow(Codec.readInstant(in), Codec.readInstant(in));
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
}
