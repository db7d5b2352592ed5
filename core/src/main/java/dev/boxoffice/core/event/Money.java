package dev.boxoffice.core.event;

import dev.boxoffice.core.InvalidValueException;
import java.util.Currency;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An amount in minor units (cents) of a currency named by three capital letters. Never negative.
 * New events must use a code of ISO 4217 ({@link #iso4217}); the constructor does not insist, so
 * stored events keep loading whatever the JDK's list of currencies becomes.
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
        currency != null && CURRENCY.matcher(currency).matches(),
        "currency",
        "must be a three-letter ISO-4217 code");
  }

  /** Whether {@code code} is a currency of ISO 4217, as the JDK's {@link Currency} knows them. */
  public static boolean iso4217(String code) {
    return ISO_4217.contains(code);
  }

  /** This amount times {@code count}. */
  public Money times(int count) {
    return new Money(Math.multiplyExact(minor, count), currency);
  }
}
