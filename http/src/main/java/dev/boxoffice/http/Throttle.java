package dev.boxoffice.http;

import dev.boxoffice.core.ratelimit.Allowance;
import dev.boxoffice.core.ratelimit.Taken;
import dev.boxoffice.core.ratelimit.TokenBuckets;
import java.time.Duration;

/**
 * One {@link Rate} applied separately to each key (a username, a client address): a token bucket
 * per key, named {@code scope + key}, in the deployment's {@link TokenBuckets} (this server's
 * memory, or a store several servers share, so that the rate counts across all of them).
 *
 * <p>Thread policy: thread-safe, as the buckets are.
 */
final class Throttle {
  private static final Taken UNLIMITED =
      new Taken(true, Long.MAX_VALUE, Duration.ZERO, Duration.ZERO);

  private final Allowance allowance; // null when unlimited
  private final TokenBuckets buckets;
  private final String scope;

  /**
   * @param scope what sets this throttle's buckets apart from every other's, such as {@code
   *     createSession:address:}
   */
  Throttle(Rate rate, TokenBuckets buckets, String scope) {
    this.allowance = rate.unlimited() ? null : new Allowance(rate.count(), rate.period());
    this.buckets = buckets;
    this.scope = scope;
  }

  /** Takes one request of {@code key}, if its bucket allows it. */
  Taken take(String key) {
    return allowance == null ? UNLIMITED : buckets.take(scope + key, allowance);
  }
}
