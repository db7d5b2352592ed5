package dev.boxoffice.core.ratelimit;

/**
 * Token buckets by name, each full when first used and refilled by the time of the deployment's
 * clock: the state behind rate limits. A bucket unused for long enough to be full again may be
 * forgotten, which changes nothing.
 *
 * <p>Implementations are thread-safe: of any number of concurrent takes from one bucket, no more
 * than its tokens are allowed.
 */
public interface TokenBuckets {
  /** Takes a token from bucket {@code name}, which holds {@code allowance}, if it has one. */
  Taken take(String name, Allowance allowance);
}
