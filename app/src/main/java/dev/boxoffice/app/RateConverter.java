package dev.boxoffice.app;

import dev.boxoffice.http.Rate;
import dev.boxoffice.loadtest.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a rate limit written {@code N/DURATION}, such as {@code 10/5m} (ten per five minutes) or
 * {@code 20/1h}, or {@code off} for none. Stateless.
 */
final class RateConverter implements ITypeConverter<Rate> {
  @Override
  public Rate convert(String value) {
    String text = value.strip();
    if (text.equalsIgnoreCase("off")) {
      return Rate.UNLIMITED;
    }
    int slash = text.indexOf('/');
    try {
      if (slash > 0) {
        long count = Long.parseLong(text.substring(0, slash).strip());
        Duration period = DurationConverter.parse(text.substring(slash + 1));
        return new Rate(count, period);
      }
    } catch (IllegalArgumentException e) {
      // NumberFormatException, or a count or period out of range: the message below says it all
    }
    throw new TypeConversionException(
        "'" + value + "' is not a rate; write it like 10/5m (ten per five minutes) or off");
  }
}
