package dev.boxoffice.store.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.ratelimit.Allowance;
import dev.boxoffice.core.ratelimit.TokenBuckets;
import dev.boxoffice.core.ratelimit.TokenBucketsContract;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.Services;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.charset.StandardCharsets;
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

  @Test
  void anotherReleasesFunctionsLoadedOnTheSameRedisLeaveThisOnesInPlace() throws Exception {
    Services.requireRedis();
    MutableClock clock = new MutableClock();
    Allowance one = new Allowance(1, Duration.ofMinutes(1));
    try (RedisStore store = TestRedis.open(clock);
        var code = RedisTokenBucketsTest.class.getResourceAsStream("ratelimit.lua")) {
      // Another release's library: the same names, other code (here: a take that always allows).
      String theirs =
          new String(code.readAllBytes(), StandardCharsets.UTF_8)
              .replace("local allowed = after - now <= period", "local allowed = true");
      store.commands().functionLoad(theirs, true);
      try {
        assertThat(store.tokenBuckets().take("b", one).allowed()).isTrue();
        assertThat(store.tokenBuckets().take("b", one).allowed()).isFalse();
      } finally {
        store
            .commands()
            .dispatch(
                CommandType.FUNCTION,
                new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("DELETE").add("boxoffice_ratelimit"));
      }
    }
  }
}
