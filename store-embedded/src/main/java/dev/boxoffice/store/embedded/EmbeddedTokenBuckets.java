package dev.boxoffice.store.embedded;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.boxoffice.core.ratelimit.Allowance;
import dev.boxoffice.core.ratelimit.Taken;
import dev.boxoffice.core.ratelimit.TokenBuckets;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Token buckets in this server's memory: Bucket4j's lock-free local buckets, reading the store's
 * clock, so tests move time instead of sleeping. A bucket is forgotten once it would be full again
 * (one period after its last use); at most {@value #MAX_BUCKETS} are kept, the least used going
 * first.
 *
 * <p>Thread policy: thread-safe.
 */
final class EmbeddedTokenBuckets implements TokenBuckets {
  static final int MAX_BUCKETS = 100_000;

  private final TimeMeter time;
  private final Cache<String, Held> buckets;

  /** A bucket and the period after which, unused, it is full again. */
  private record Held(Bucket bucket, Duration period) {}

  EmbeddedTokenBuckets(InstantSource clock) {
    this.time = new ClockTime(clock);
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(MAX_BUCKETS)
            .expireAfter(Expiry.<String, Held>accessing((name, held) -> held.period()))
            .executor(Runnable::run) // upkeep on the caller: no pool thread for a map of counters
            .build();
  }

  @Override
  public Taken take(String name, Allowance allowance) {
    Bucket bucket =
        buckets.get(name, n -> new Held(newBucket(allowance), allowance.period())).bucket();
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    return new Taken(
        probe.isConsumed(),
        probe.getRemainingTokens(),
        Duration.ofNanos(probe.getNanosToWaitForRefill()),
        Duration.ofNanos(probe.getNanosToWaitForReset()));
  }

  private Bucket newBucket(Allowance allowance) {
    return Bucket.builder()
        .addLimit(
            limit ->
                limit
                    .capacity(allowance.count())
                    .refillGreedy(allowance.count(), allowance.period()))
        .withCustomTimePrecision(time)
        .build();
  }

  /** Bucket4j's time from the store's clock. */
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
