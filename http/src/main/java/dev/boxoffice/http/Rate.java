package dev.boxoffice.http;

import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit: at most {@code count} requests per {@code period}, as a token bucket that holds
 * {@code count} tokens and refills them evenly over {@code period}. So {@code 10/5m} allows a burst
 * of ten, then one more every thirty seconds.
 */
public record Rate(long count, Duration period) {
  /** No limit at all. */
  public static final Rate UNLIMITED = new Rate(Long.MAX_VALUE, Duration.ofSeconds(1));

  public Rate {
    Objects.requireNonNull(period, "period");
    if (count < 1) {
      throw new IllegalArgumentException("a rate allows at least one request: " + count);
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("a rate's period must be positive: " + period);
    }
  }

  boolean unlimited() {
    return count == Long.MAX_VALUE;
  }

  @Override
  public String toString() {
    return unlimited() ? "unlimited" : count + "/" + period;
  }
}
