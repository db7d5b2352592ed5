package dev.boxoffice.core.inventory;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.TicketTypeCode;
import java.time.Instant;

/** The outcome of asking for a hold. Only {@link Held} changed anything. */
public sealed interface HoldResult {
  record Held(Hold hold) implements HoldResult {}

  record SoldOut(TicketTypeCode ticketType, int available) implements HoldResult {}

  record LimitReached(int limit, int alreadyHeld) implements HoldResult {}

  record SaleClosed(Instant opensAt, Instant closesAt) implements HoldResult {}

  record UnknownEvent(EventId event) implements HoldResult {}

  record UnknownTicketType(TicketTypeCode ticketType) implements HoldResult {}

  /**
   * The event's sale mode does not sell by the right the request came with, or not now; {@code
   * reason} says why, for a person.
   */
  record NotEntitled(SaleMode mode, Entitlement presented, String reason) implements HoldResult {}

  /**
   * The event sells through its waiting room and the user has no live session in it; {@code reason}
   * says why, for a person.
   */
  record QueueRequired(String reason) implements HoldResult {}
}
