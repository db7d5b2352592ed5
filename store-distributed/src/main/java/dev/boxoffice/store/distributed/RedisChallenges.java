package dev.boxoffice.store.distributed;

import dev.boxoffice.core.flashsale.Challenges;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;

/**
 * Redeemed challenges in Redis: redeeming one sets its key only if absent ({@code SET NX}), kept
 * for what is left of the challenge's validity, so of any number of servers redeeming one challenge
 * at once exactly one succeeds, and Redis forgets it when it could no longer be used.
 *
 * <p>Thread policy: thread-safe.
 */
final class RedisChallenges implements Challenges {
  private final RedisCommands<String, String> redis;
  private final String prefix;

  RedisChallenges(RedisCommands<String, String> redis, String namespace) {
    this.redis = redis;
    this.prefix = namespace + ":challenge:";
  }

  @Override
  public boolean redeem(String id, Instant expiresAt, Instant now) {
    Duration left = Duration.between(now, expiresAt);
    if (left.isNegative() || left.isZero()) {
      return false;
    }
    return "OK".equals(redis.set(prefix + id, "1", SetArgs.Builder.nx().px(left.toMillis())));
  }
}
