package dev.boxoffice.core.inventory;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;

/** A user asks to hold {@code quantity} tickets of one type. */
public record HoldRequest(
    EventId event, UserId user, TicketTypeCode ticketType, Quantity quantity) {
  public HoldRequest {
    InvalidValueException.present(event, "eventId");
    InvalidValueException.present(user, "user");
    InvalidValueException.present(ticketType, "ticketType");
    InvalidValueException.present(quantity, "quantity");
  }
}
