package dev.boxoffice.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * One {@link Rate} applied separately to each key (a username, a client address): a Bucket4j token
 * bucket per key, kept while the key is in use. A key's bucket is forgotten once it would be full
 * again (one period after its last use), so a key seen once costs memory for one period only; at
 * most {@value #MAX_KEYS} keys are kept, the least used going first.
 *
 * <p>Buckets read time from the server's clock, so tests move time instead of sleeping.
 *
 * <p>Thread policy: thread-safe; Bucket4j's local buckets are lock-free.
 */
final class Throttle {
  static final int MAX_KEYS = 100_000;

  private final Rate rate;
  private final TimeMeter time;
  private final Cache<String, Bucket> buckets;

  Throttle(Rate rate, InstantSource clock) {
    this.rate = rate;
    this.time = new ClockTime(clock);
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterAccess(rate.period())
            .executor(Runnable::run) // upkeep on the caller, as in SessionTokens
            .build();
  }

  /** Takes one request of {@code key}, if its bucket allows it. */
  Taken take(String key) {
    if (rate.unlimited()) {
      return new Taken(true, Long.MAX_VALUE, Duration.ZERO, Duration.ZERO);
    }
    ConsumptionProbe probe = buckets.get(key, k -> newBucket()).tryConsumeAndReturnRemaining(1);
    return new Taken(
        probe.isConsumed(),
        probe.getRemainingTokens(),
        Duration.ofNanos(probe.getNanosToWaitForRefill()),
        Duration.ofNanos(probe.getNanosToWaitForReset()));
  }

  /**
   * What a bucket said of one request.
   *
   * @param allowed whether the request may go on
   * @param remaining the requests left in the bucket after this one
   * @param untilNext how long until the next request is allowed (zero if it is now)
   * @param untilWhole how long until the bucket is full again
   */
  record Taken(boolean allowed, long remaining, Duration untilNext, Duration untilWhole) {}

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(rate.count()).refillGreedy(rate.count(), rate.period()))
        .withCustomTimePrecision(time)
        .build();
  }

  private record ClockTime(InstantSource clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
