package dev.boxoffice.core.event;

import dev.boxoffice.core.InvalidValueException;
import java.util.regex.Pattern;

/** The code of a ticket type within its event, such as {@code GA} or {@code VIP}. */
public record TicketTypeCode(String value) {
  private static final Pattern FORM = Pattern.compile("[A-Z0-9_]{1,32}");

  public TicketTypeCode {
    InvalidValueException.require(
        value != null && FORM.matcher(value).matches(),
        "ticketType",
        "must be 1-32 characters of A-Z, 0-9 and _");
  }

  @Override
  public String toString() {
    return value;
  }
}
