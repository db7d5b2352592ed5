package dev.boxoffice.http;

import dev.boxoffice.core.InvalidValueException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reading members of request bodies that every feature reads alike, each failure a 400 naming the
 * field.
 */
public final class Fields {
  private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

  private Fields() {}

  /** Why a core value was refused: its message without the {@code field: } prefix core adds. */
  public static String reason(InvalidValueException e) {
    String prefix = e.field() + ": ";
    String m = e.getMessage();
    return m != null && m.startsWith(prefix) ? m.substring(prefix.length()) : "is invalid";
  }

  /** {@code value}, which the body must have. */
  public static <T> T required(T value, String field) {
    if (value == null) {
      throw Problem.invalidField(field, "is required").raise();
    }
    return value;
  }

  /** An ISO-8601 instant between 1970 and 9999, which the body must have. */
  public static Instant instant(String value, String field) {
    required(value, field);
    Instant instant;
    try {
      instant = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.invalidField(field, "must be an ISO-8601 instant such as 2030-01-31T19:00:00Z")
          .raise();
    }
    // Every store can keep these as epoch milliseconds; far-off years are typos anyway.
    if (instant.isBefore(Instant.EPOCH) || !instant.isBefore(LATEST)) {
      throw Problem.invalidField(field, "must be between 1970 and 9999").raise();
    }
    return instant;
  }
}
