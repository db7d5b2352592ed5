package dev.boxoffice.http;

import java.util.Objects;

/**
 * A limit on one route: a {@link Rate}, counted per {@link Key}. Configured by the route's
 * operationId ({@code --rate-limit createSession=60/1m:address}).
 */
public record RateLimit(Rate rate, Key key) {
  public RateLimit {
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(key, "key");
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
