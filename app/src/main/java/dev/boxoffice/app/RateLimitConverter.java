package dev.boxoffice.app;

import dev.boxoffice.http.Rate;
import dev.boxoffice.http.RateLimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a route's rate limit written {@code OPERATION_ID=RATE[:KEY]}: {@code listOrders=10/1m:user}
 * (ten a minute per user), {@code createSession=60/1m} (per client address, the default key) or
 * {@code createUser=off:address}. Whether the operationId exists is the server's to say, when it
 * starts. Stateless.
 */
final class RateLimitConverter implements ITypeConverter<RateLimitConverter.Limit> {
  /** One configured limit: the route's operationId and the limit. */
  record Limit(String operationId, RateLimit limit) {}

  @Override
  public Limit convert(String value) {
    int eq = value.indexOf('=');
    if (eq <= 0) {
      throw refused(value);
    }
    String operationId = value.substring(0, eq).strip();
    String rest = value.substring(eq + 1).strip();
    int colon = rest.lastIndexOf(':');
    RateLimit.Key key = RateLimit.Key.ADDRESS;
    if (colon >= 0) {
      try {
        key = RateLimit.Key.valueOf(rest.substring(colon + 1).strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw refused(value);
      }
      rest = rest.substring(0, colon);
    }
    Rate rate;
    try {
      rate = new RateConverter().convert(rest);
    } catch (TypeConversionException e) {
      throw refused(value);
    }
    return new Limit(operationId, new RateLimit(rate, key));
  }

  /** The limits grouped by operationId, in the order given. */
  static Map<String, List<RateLimit>> byOperation(List<Limit> limits) {
    Map<String, List<RateLimit>> grouped = new LinkedHashMap<>();
    for (Limit limit : limits) {
      grouped.computeIfAbsent(limit.operationId(), k -> new ArrayList<>()).add(limit.limit());
    }
    return grouped;
  }

  private static TypeConversionException refused(String value) {
    return new TypeConversionException(
        "'"
            + value
            + "' is not a rate limit; write it like listOrders=10/1m:user (OPERATION_ID=N/DURATION"
            + " or off, then :user, :address or :global)");
  }
}
