package dev.boxoffice.core.event;

import dev.boxoffice.core.DisplayText;
import dev.boxoffice.core.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * An event on sale. Immutable; every field is checked here, so an {@code Event} that exists is
 * valid: a name and venue that are {@link DisplayText}, a sale window that closes after it opens
 * and no later than the event starts, a hold time between one second and one hour, a per-user limit
 * of at least one, and one to fifty ticket types with distinct codes. Whether an event is still to
 * come depends on when it is asked: see {@link #requireUpcoming}.
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
    DisplayText.require(name, "name");
    DisplayText.require(venue, "venue");
    InvalidValueException.present(startsAt, "startsAt");
    InvalidValueException.present(saleWindow, "saleOpensAt");
    InvalidValueException.require(
        !saleWindow.closesAt().isAfter(startsAt),
        "saleClosesAt",
        "must not be after the event starts (startsAt)");
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

  /**
   * Refuses, when creating it at {@code now}, an event that could sell nothing: one that has
   * started, or whose sale has closed.
   *
   * @throws InvalidValueException naming {@code startsAt} or {@code saleClosesAt}
   */
  public void requireUpcoming(Instant now) {
    InvalidValueException.require(startsAt.isAfter(now), "startsAt", "must be in the future");
    InvalidValueException.require(
        saleWindow.closesAt().isAfter(now), "saleClosesAt", "must be in the future");
  }
}
