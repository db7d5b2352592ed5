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
 * valid: a name and venue of 1-200 characters, a sale window that closes after it opens, a hold
 * time between one second and one hour, a per-user limit of at least one, and one to fifty ticket
 * types with distinct codes.
 *
 * <p>A <em>new</em> event must also pass {@link #requireNew}, which holds the rules added since
 * events were first stored; kept out of the constructor, so that events a journal already holds
 * still load.
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

  /**
   * Refuses what a new event, created at {@code now}, may not be: one that could sell nothing (it
   * has started, or its sale has closed), whose sale runs on after it starts, whose names are not
   * {@link DisplayText}, or whose prices are in a currency ISO 4217 does not know.
   *
   * @throws InvalidValueException naming the field, such as {@code ticketTypes[1].currency}
   */
  public void requireNew(Instant now) {
    DisplayText.require(name, "name");
    DisplayText.require(venue, "venue");
    InvalidValueException.require(startsAt.isAfter(now), "startsAt", "must be in the future");
    InvalidValueException.require(
        !saleWindow.closesAt().isAfter(startsAt),
        "saleClosesAt",
        "must not be after the event starts (startsAt)");
    InvalidValueException.require(
        saleWindow.closesAt().isAfter(now), "saleClosesAt", "must be in the future");
    for (int i = 0; i < ticketTypes.size(); i++) {
      TicketType type = ticketTypes.get(i);
      DisplayText.require(type.name(), "ticketTypes[" + i + "].name");
      InvalidValueException.require(
          Money.iso4217(type.price().currency()),
          "ticketTypes[" + i + "].currency",
          "must be an ISO-4217 currency code such as EUR or USD");
    }
  }

  private static void requireText(String value, String field) {
    InvalidValueException.require(
        value != null && !value.isBlank() && value.length() <= DisplayText.MAX_LENGTH,
        field,
        "must be 1-" + DisplayText.MAX_LENGTH + " characters");
  }
}
