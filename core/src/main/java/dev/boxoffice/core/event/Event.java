package dev.boxoffice.core.event;

import dev.boxoffice.core.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * An event on sale. Immutable; every field is checked here, so an {@code Event} that exists is
 * valid: a sale window that closes after it opens, a hold time between one second and one hour, a
 * per-user limit of at least one, and one to fifty ticket types with distinct codes.
 */
public record Event(
    EventId id,
    String name,
    String venue,
    Instant startsAt,
    SaleWindow saleWindow,
    Duration holdTtl,
    int perUserLimit,
    SaleMode mode,
    List<TicketType> ticketTypes) {

  public static final Duration DEFAULT_HOLD_TTL = Duration.ofSeconds(30);
  public static final Duration MAX_HOLD_TTL = Duration.ofHours(1);
  public static final int MAX_PER_USER_LIMIT = 1000;
  public static final int MAX_TICKET_TYPES = 50;

  public Event {
    InvalidValueException.present(id, "id");
    requireText(name, "name");
    requireText(venue, "venue");
    InvalidValueException.present(startsAt, "startsAt");
    InvalidValueException.present(saleWindow, "saleOpensAt");
    InvalidValueException.present(holdTtl, "holdTtlSeconds");
    InvalidValueException.require(
        holdTtl.compareTo(Duration.ofSeconds(1)) >= 0 && holdTtl.compareTo(MAX_HOLD_TTL) <= 0,
        "holdTtlSeconds",
        "must be between 1 and " + MAX_HOLD_TTL.toSeconds());
    InvalidValueException.require(
        perUserLimit >= 1 && perUserLimit <= MAX_PER_USER_LIMIT,
        "perUserLimit",
        "must be between 1 and " + MAX_PER_USER_LIMIT);
    InvalidValueException.present(mode, "mode");
    InvalidValueException.present(ticketTypes, "ticketTypes");
    ticketTypes = List.copyOf(ticketTypes);
    InvalidValueException.require(
        !ticketTypes.isEmpty() && ticketTypes.size() <= MAX_TICKET_TYPES,
        "ticketTypes",
        "must hold 1 to " + MAX_TICKET_TYPES + " ticket types");
    var codes = new HashSet<TicketTypeCode>();
    for (TicketType type : ticketTypes) {
      InvalidValueException.require(
          codes.add(type.code()), "ticketTypes", "code " + type.code() + " appears twice");
    }
  }

  /** The ticket type with this code, if the event has one. */
  public Optional<TicketType> ticketType(TicketTypeCode code) {
    for (TicketType type : ticketTypes) {
      if (type.code().equals(code)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  private static void requireText(String value, String field) {
    InvalidValueException.require(
        value != null && !value.isBlank() && value.length() <= 200,
        field,
        "must be 1-200 characters");
  }
}
