package dev.boxoffice.core.inventory;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.TicketTypeCode;
import java.util.List;
import java.util.Optional;

/** A consistent snapshot of an event's stock, one entry per ticket type in the event's order. */
public record Stock(EventId event, List<TypeStock> ticketTypes) {
  public Stock {
    ticketTypes = List.copyOf(ticketTypes);
  }

  public Optional<TypeStock> of(TicketTypeCode code) {
    return ticketTypes.stream().filter(t -> t.code().equals(code)).findFirst();
  }
}
