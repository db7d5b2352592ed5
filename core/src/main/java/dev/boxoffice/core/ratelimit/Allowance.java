package dev.boxoffice.core.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * What a token bucket allows: {@code count} requests at once, refilled evenly over {@code period}
 * (so {@code 10} per {@code 5m} is a burst of ten, then one more every thirty seconds).
 */
public record Allowance(long count, Duration period) {
  public Allowance {
    Objects.requireNonNull(period, "period");
    if (count < 1) {
      throw new IllegalArgumentException("an allowance is at least one request: " + count);
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("an allowance's period must be positive: " + period);
    }
  }
}
