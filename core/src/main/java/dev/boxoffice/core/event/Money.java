package dev.boxoffice.core.event;

import dev.boxoffice.core.InvalidValueException;
import java.util.regex.Pattern;

/** An amount in minor units (cents) of an ISO-4217 currency. Never negative. */
public record Money(long minor, String currency) {
  /** Large enough for any ticket, small enough that a total of 1000 tickets cannot overflow. */
  public static final long MAX_MINOR = 1_000_000_000_000L;

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  public Money {
    InvalidValueException.require(
        minor >= 0 && minor <= MAX_MINOR, "priceMinor", "must be between 0 and " + MAX_MINOR);
    InvalidValueException.require(
        currency != null && CURRENCY.matcher(currency).matches(),
        "currency",
        "must be a three-letter ISO-4217 code");
  }

  /** This amount times {@code count}. */
  public Money times(int count) {
    return new Money(Math.multiplyExact(minor, count), currency);
  }
}
