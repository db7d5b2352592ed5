package dev.boxoffice.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A limit on one route: a {@link Rate}, counted per {@link Key}. Configured by the route's
 * operationId ({@code --rate-limit createSession=60/1m:address}).
 */
public record RateLimit(Rate rate, Key key) {
  public RateLimit {
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(key, "key");
  }

  /**
   * {@code base} with each of {@code replacing}'s limits in place of base's limit of the same
   * operationId and key; the others stay.
   */
  public static Map<String, List<RateLimit>> merge(
      Map<String, List<RateLimit>> base, Map<String, List<RateLimit>> replacing) {
    Map<String, List<RateLimit>> merged = new HashMap<>(base);
    replacing.forEach(
        (operationId, added) -> {
          List<RateLimit> kept =
              merged.getOrDefault(operationId, List.of()).stream()
                  .filter(old -> added.stream().noneMatch(a -> a.key() == old.key()))
                  .toList();
          merged.put(operationId, Stream.concat(kept.stream(), added.stream()).toList());
        });
    return Map.copyOf(merged);
  }

  /** Whose requests a limit counts together. */
  public enum Key {
    /** Each signed-in user's; for routes that need one. */
    USER,
    /** Each client address's (an IPv6 client's /64), as {@link TrustedProxies} tell it. */
    ADDRESS,
    /** Everyone's together. */
    GLOBAL
  }
}
