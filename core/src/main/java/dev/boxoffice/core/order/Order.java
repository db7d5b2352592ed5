package dev.boxoffice.core.order;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldId;
import java.time.Instant;
import java.util.Objects;

/** Tickets sold: the completed form of exactly one hold. */
public record Order(
    OrderId id,
    HoldId hold,
    EventId event,
    UserId user,
    TicketTypeCode ticketType,
    int quantity,
    Money total,
    Instant createdAt) {
  public Order {
    Objects.requireNonNull(id);
    Objects.requireNonNull(hold);
    Objects.requireNonNull(event);
    Objects.requireNonNull(user);
    Objects.requireNonNull(ticketType);
    Objects.requireNonNull(total);
    Objects.requireNonNull(createdAt);
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be positive: " + quantity);
    }
  }

  /**
   * The order {@code id} of {@code hold}: {@code quantity} tickets of {@code type} on {@code event}
   * for {@code user}, at the type's price, made {@code at}.
   *
   * @throws java.util.NoSuchElementException if the event has no such ticket type
   */
  public static Order of(
      OrderId id,
      HoldId hold,
      Event event,
      UserId user,
      TicketTypeCode type,
      int quantity,
      Instant at) {
    Money price = event.ticketType(type).orElseThrow().price();
    return new Order(id, hold, event.id(), user, type, quantity, price.times(quantity), at);
  }
}
