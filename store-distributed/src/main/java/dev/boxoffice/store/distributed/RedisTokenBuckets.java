package dev.boxoffice.store.distributed;

import dev.boxoffice.core.ratelimit.Allowance;
import dev.boxoffice.core.ratelimit.Taken;
import dev.boxoffice.core.ratelimit.TokenBuckets;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * Token buckets in Redis, shared by every server of a deployment: each take is one call of the
 * {@code boxoffice_ratelimit} library's function ({@code ratelimit.lua}), so servers taking from
 * one bucket at once never retry, however hot it is. Timed by the deployment's clock (the servers'
 * clocks, kept in step by NTP); a bucket's key expires once it would be whole again.
 *
 * <p>Thread policy: thread-safe.
 */
final class RedisTokenBuckets implements TokenBuckets {
  private final RedisLibrary library;
  private final String prefix;
  private final InstantSource clock;

  RedisTokenBuckets(RedisCommands<String, String> redis, String namespace, InstantSource clock) {
    this.library = new RedisLibrary(redis, "ratelimit.lua");
    this.prefix = namespace + ":bucket:";
    this.clock = clock;
  }

  @Override
  public Taken take(String name, Allowance allowance) {
    List<Object> answer =
        library.call(
            "ratelimit_take",
            new String[] {prefix + name},
            String.valueOf(micros(clock.instant())),
            String.valueOf(allowance.count()),
            String.valueOf(allowance.period().toNanos() / 1_000));
    return new Taken(
        "1".equals(String.valueOf(answer.get(0))),
        Long.parseLong(String.valueOf(answer.get(1))),
        Duration.ofNanos(Long.parseLong(String.valueOf(answer.get(2))) * 1_000),
        Duration.ofNanos(Long.parseLong(String.valueOf(answer.get(3))) * 1_000));
  }

  private static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }
}
