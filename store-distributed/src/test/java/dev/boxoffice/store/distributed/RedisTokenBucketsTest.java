package dev.boxoffice.store.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.ratelimit.Allowance;
import dev.boxoffice.core.ratelimit.TokenBuckets;
import dev.boxoffice.core.ratelimit.TokenBucketsContract;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.Services;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The {@link TokenBucketsContract} on Redis, and two servers counting one limit together. */
class RedisTokenBucketsTest extends TokenBucketsContract {
  @Override
  protected TokenBuckets newBuckets(MutableClock clock) {
    return closeAfter(TestRedis.open(clock)).tokenBuckets();
  }

  @Test
  void twoServersTakeFromOneBucket() {
    Services.requireRedis();
    String namespace = "test-" + UUID.randomUUID();
    MutableClock clock = new MutableClock();
    Allowance three = new Allowance(3, Duration.ofMinutes(1));
    try (RedisStore one = RedisStore.open(TestRedis.URL, namespace, clock);
        RedisStore two = RedisStore.open(TestRedis.URL, namespace, clock)) {
      assertThat(one.tokenBuckets().take("b", three).allowed()).isTrue();
      assertThat(two.tokenBuckets().take("b", three).allowed()).isTrue();
      assertThat(one.tokenBuckets().take("b", three).allowed()).isTrue();

      assertThat(two.tokenBuckets().take("b", three).allowed()).isFalse();
      assertThat(one.tokenBuckets().take("b", three).allowed()).isFalse();
    }
  }
}
