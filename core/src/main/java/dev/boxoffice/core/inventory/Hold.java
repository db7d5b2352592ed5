package dev.boxoffice.core.inventory;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * Tickets taken out of the available pool for one user until {@code expiresAt}. A hold ends exactly
 * once: completed (it becomes an order), released by its user, or expired.
 */
public record Hold(
    HoldId id,
    EventId event,
    UserId user,
    TicketTypeCode ticketType,
    Quantity quantity,
    Instant createdAt,
    Instant expiresAt) {
  public Hold {
    Objects.requireNonNull(id);
    Objects.requireNonNull(event);
    Objects.requireNonNull(user);
    Objects.requireNonNull(ticketType);
    Objects.requireNonNull(quantity);
    Objects.requireNonNull(createdAt);
    Objects.requireNonNull(expiresAt);
  }

  /** Whether the hold can no longer be completed at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
