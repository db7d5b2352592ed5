package dev.boxoffice.core.event;

import dev.boxoffice.core.DisplayText;
import dev.boxoffice.core.InvalidValueException;

/**
 * A kind of ticket for an event: general admission, a counted pool of {@code capacity} tickets.
 * Reserved seating will be a second kind whose capacity is its seat map; holds and orders already
 * carry a quantity, so they need no change for it.
 */
public record TicketType(TicketTypeCode code, String name, Money price, int capacity) {
  /** Ten million tickets per type: more than any venue, small enough to keep sums in an int. */
  public static final int MAX_CAPACITY = 10_000_000;

  public TicketType {
    InvalidValueException.present(code, "code");
    InvalidValueException.require(
        name != null && !name.isBlank() && name.length() <= DisplayText.MAX_LENGTH,
        "name",
        "must be 1-" + DisplayText.MAX_LENGTH + " characters");
    InvalidValueException.present(price, "priceMinor");
    InvalidValueException.require(
        capacity >= 0 && capacity <= MAX_CAPACITY,
        "capacity",
        "must be between 0 and " + MAX_CAPACITY);
  }
}
