package dev.boxoffice.loadtest;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run a scenario, as resolved from the command line (a scenario's own defaults already
 * applied). Validated here, so a scenario can trust every field.
 *
 * @param connections keep-alive connections, one request in flight on each
 * @param duration the longest the load may run; scenarios with a fixed amount of work stop sooner
 * @param rate requests per second in open-loop mode; 0 for closed loop
 * @param items tickets on sale in the flash scenario
 * @param users distinct buyers in the flash scenario
 * @param capacity tickets per type in the reserved scenario
 * @param holdTtl how long the scenarios' events keep a hold
 * @param readShare the share of steps that only read the event, in the reserved scenario
 * @param holdsOnly reserved scenario: take holds and leave them to expire, never complete one
 * @param platformThreads one platform thread per connection instead of a virtual thread
 * @param warmup how long to run before measuring (scenarios that allow it), or zero
 */
public record Settings(
    int connections,
    Duration duration,
    double rate,
    int items,
    int users,
    int capacity,
    Duration holdTtl,
    double readShare,
    boolean holdsOnly,
    boolean platformThreads,
    Duration warmup) {
  public Settings {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(holdTtl, "holdTtl");
    Objects.requireNonNull(warmup, "warmup");
    require(
        !warmup.isNegative() && warmup.compareTo(Duration.ofMinutes(5)) <= 0,
        "--warmup must be 0 to 5m");
    require(connections >= 1 && connections <= 10_000, "--connections must be 1 to 10000");
    require(
        !duration.isNegative()
            && !duration.isZero()
            && duration.compareTo(Duration.ofHours(1)) <= 0,
        "--duration must be positive and at most 1h");
    require(rate >= 0 && rate <= 10_000_000, "--rate must be 0 (closed loop) to 10,000,000/s");
    require(items >= 1 && items <= 10_000_000, "--items must be 1 to 10,000,000");
    require(users >= 1 && users <= 10_000_000, "--users must be 1 to 10,000,000");
    require(capacity >= 1 && capacity <= 10_000_000, "--capacity must be 1 to 10,000,000");
    require(
        holdTtl.compareTo(Duration.ofSeconds(1)) >= 0
            && holdTtl.compareTo(Duration.ofHours(1)) <= 0,
        "--hold-ttl must be between 1s and 1h");
    require(readShare >= 0 && readShare <= 1, "--read-share must be between 0 and 1");
  }

  /**
   * These settings with another pace: {@code rate} (0 for closed loop) for up to {@code duration}.
   */
  public Settings withPace(double rate, Duration duration) {
    return new Settings(
        connections,
        duration,
        rate,
        items,
        users,
        capacity,
        holdTtl,
        readShare,
        holdsOnly,
        platformThreads,
        warmup);
  }

  /** Whether the load runs at a target rate (open loop) rather than as fast as it can. */
  public boolean openLoop() {
    return rate > 0;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
