package dev.boxoffice.core.event;

import dev.boxoffice.core.InvalidValueException;
import java.util.Currency;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An amount in minor units (cents) of a currency of ISO 4217 (as the JDK's {@link Currency} knows
 * them). Never negative.
 */
public record Money(long minor, String currency) {
  /** Large enough for any ticket, small enough that a total of 1000 tickets cannot overflow. */
  public static final long MAX_MINOR = 1_000_000_000_000L;

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Set<String> ISO_4217 =
      Currency.getAvailableCurrencies().stream()
          .map(Currency::getCurrencyCode)
          .collect(Collectors.toUnmodifiableSet());

  public Money {
    InvalidValueException.require(
        minor >= 0 && minor <= MAX_MINOR, "priceMinor", "must be between 0 and " + MAX_MINOR);
    InvalidValueException.require(
        currency != null && CURRENCY.matcher(currency).matches() && ISO_4217.contains(currency),
        "currency",
        "must be an ISO-4217 currency code such as EUR or USD");
  }

  /** This amount times {@code count}. */
  public Money times(int count) {
    return new Money(Math.multiplyExact(minor, count), currency);
  }
}
