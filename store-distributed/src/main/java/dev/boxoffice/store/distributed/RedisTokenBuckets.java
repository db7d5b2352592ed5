package dev.boxoffice.store.distributed;

import dev.boxoffice.core.ratelimit.Allowance;
import dev.boxoffice.core.ratelimit.Taken;
import dev.boxoffice.core.ratelimit.TokenBuckets;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Token buckets in Redis, shared by every server of a deployment: Bucket4j's Lettuce backend, each
 * take one compare-and-swap on the bucket's key, timed by the deployment's clock (the servers'
 * clocks, kept in step by NTP). A bucket's key expires once it would be full again.
 *
 * <p>Thread policy: thread-safe.
 */
final class RedisTokenBuckets implements TokenBuckets {
  private final ProxyManager<String> buckets;
  private final String prefix;

  RedisTokenBuckets(
      StatefulRedisConnection<String, byte[]> connection, String namespace, InstantSource clock) {
    this.buckets =
        Bucket4jLettuce.casBasedBuilder(connection)
            .clientClock(new ClockTime(clock))
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
            .build();
    this.prefix = namespace + ":bucket:";
  }

  @Override
  public Taken take(String name, Allowance allowance) {
    ConsumptionProbe probe =
        buckets
            .getProxy(prefix + name, () -> configuration(allowance))
            .tryConsumeAndReturnRemaining(1);
    return new Taken(
        probe.isConsumed(),
        probe.getRemainingTokens(),
        Duration.ofNanos(probe.getNanosToWaitForRefill()),
        Duration.ofNanos(probe.getNanosToWaitForReset()));
  }

  private static BucketConfiguration configuration(Allowance allowance) {
    return BucketConfiguration.builder()
        .addLimit(
            limit ->
                limit
                    .capacity(allowance.count())
                    .refillGreedy(allowance.count(), allowance.period()))
        .build();
  }

  /** Bucket4j's time from the deployment's clock. */
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
