package dev.boxoffice.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one rate limiter of the API: {@link RateLimit}s by route, each a {@link Throttle} (Bucket4j
 * token buckets) keyed per user, per client address or globally. Limits by address and global ones
 * are checked before authentication, so a flood costs no token checks; limits by user after it.
 * Beyond a limit the answer is 429 with {@code Retry-After}, counted in {@code
 * boxoffice.requests.limited} by route and key.
 *
 * <p>Thread policy: immutable after construction; throttles are thread-safe.
 */
final class RateLimiter {
  private final Map<String, List<Limited>> byOperation = new HashMap<>();

  /**
   * @throws IllegalArgumentException naming a limit whose operationId no route has, or a limit by
   *     user on a route anyone may call
   */
  RateLimiter(
      Map<String, List<RateLimit>> limits,
      Routes routes,
      InstantSource clock,
      MeterRegistry registry) {
    limits.forEach(
        (operationId, list) -> {
          Route route =
              routes
                  .byOperationId(operationId)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "rate limit for " + operationId + ": no route has that operationId"));
          List<Limited> throttles = new ArrayList<>();
          for (RateLimit limit : list) {
            if (limit.key() == RateLimit.Key.USER && route.access() != Route.Access.USER) {
              throw new IllegalArgumentException(
                  "rate limit for " + operationId + " by user: that route needs no sign-in");
            }
            if (!limit.rate().unlimited()) {
              throttles.add(
                  new Limited(
                      limit, new Throttle(limit.rate(), clock), counter(registry, route, limit)));
            }
          }
          byOperation.put(operationId, List.copyOf(throttles));
        });
  }

  private static Counter counter(MeterRegistry registry, Route route, RateLimit limit) {
    return Counter.builder("boxoffice.requests.limited")
        .description("Requests refused by a rate limit, by route and what the limit counts by")
        .tag("route", route.template())
        .tag("key", limit.key().name().toLowerCase(Locale.ROOT))
        .register(registry);
  }

  /** The limits counted by address or globally: a refusal, or empty to go on. */
  Optional<Reply> beforeAuthentication(Route route, Call call) {
    return check(route, call, false);
  }

  /** The limits counted by user, once the user is known: a refusal, or empty to go on. */
  Optional<Reply> afterAuthentication(Route route, Call call) {
    return check(route, call, true);
  }

  private Optional<Reply> check(Route route, Call call, boolean byUser) {
    for (Limited limited : byOperation.getOrDefault(route.operationId(), List.of())) {
      RateLimit.Key key = limited.limit().key();
      if ((key == RateLimit.Key.USER) != byUser) {
        continue;
      }
      String who =
          switch (key) {
            case USER -> call.user().value();
            case ADDRESS -> call.clientAddress();
            case GLOBAL -> "";
          };
      Optional<Duration> wait = limited.throttle().take(who);
      if (wait.isPresent()) {
        limited.refused().increment();
        return Optional.of(Reply.tooManyRequests(wait.get(), describe(route, key)));
      }
    }
    return Optional.empty();
  }

  private static String describe(Route route, RateLimit.Key key) {
    String whose =
        switch (key) {
          case USER -> "from you";
          case ADDRESS -> "from your address";
          case GLOBAL -> "from everyone";
        };
    return route.operationId() + " requests " + whose;
  }

  private record Limited(RateLimit limit, Throttle throttle, Counter refused) {}
}
