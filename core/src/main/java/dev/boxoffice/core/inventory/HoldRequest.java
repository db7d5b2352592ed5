package dev.boxoffice.core.inventory;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;

/** A user asks to hold {@code quantity} tickets of one type, by the given right. */
public record HoldRequest(
    EventId event, UserId user, TicketTypeCode ticketType, Quantity quantity, Entitlement right) {
  public HoldRequest {
    InvalidValueException.present(event, "eventId");
    InvalidValueException.present(user, "user");
    InvalidValueException.present(ticketType, "ticketType");
    InvalidValueException.present(quantity, "quantity");
    InvalidValueException.present(right, "right");
  }

  /** A request by the right of the open sale, as in a first-come sale. */
  public static HoldRequest openSale(
      EventId event, UserId user, TicketTypeCode ticketType, Quantity quantity) {
    return new HoldRequest(event, user, ticketType, quantity, new OpenSale());
  }
}
