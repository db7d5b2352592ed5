package dev.boxoffice.http;

import dev.boxoffice.core.ratelimit.Taken;
import dev.boxoffice.core.ratelimit.TokenBuckets;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * <p>Every answer of a limited route announces its limits as the IETF draft
 * (draft-ietf-httpapi-ratelimit-headers) has it: {@code RateLimit-Policy: "user";q=10;w=60}, one
 * item per limit named by what it counts, and {@code RateLimit: "user";r=7;t=18}, what is left of
 * each limit this request was counted against and the seconds until it is whole again.
 *
 * <p>Thread policy: immutable after construction; throttles are thread-safe.
 */
final class RateLimiter {
  static final HeaderName POLICY = HeaderNames.create("RateLimit-Policy");
  static final HeaderName RATE_LIMIT = HeaderNames.create("RateLimit");

  private final Map<String, RouteLimits> byOperation = new HashMap<>();

  /**
   * @throws IllegalArgumentException naming a limit whose operationId no route has, or a limit by
   *     user on a route anyone may call
   */
  RateLimiter(
      Map<String, List<RateLimit>> limits,
      Routes routes,
      TokenBuckets buckets,
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
          if (list.stream().map(RateLimit::key).distinct().count() < list.size()) {
            throw new IllegalArgumentException(
                "rate limits for "
                    + operationId
                    + " count by the same key twice: give one per key (user, address, global)");
          }
          for (RateLimit limit : list) {
            if (limit.key() == RateLimit.Key.USER && route.access() != Route.Access.USER) {
              throw new IllegalArgumentException(
                  "rate limit for " + operationId + " by user: that route needs no sign-in");
            }
            if (!limit.rate().unlimited()) {
              throttles.add(
                  new Limited(
                      limit,
                      new Throttle(
                          limit.rate(), buckets, operationId + ":" + name(limit.key()) + ":"),
                      counter(registry, route, limit)));
            }
          }
          if (!throttles.isEmpty()) {
            byOperation.put(operationId, new RouteLimits(route, List.copyOf(throttles)));
          }
        });
  }

  private static Counter counter(MeterRegistry registry, Route route, RateLimit limit) {
    return Counter.builder("boxoffice.requests.limited")
        .description("Requests refused by a rate limit, by route and what the limit counts by")
        .tag("route", route.template())
        .tag("key", name(limit.key()))
        .register(registry);
  }

  /** The limits that count one request of {@code route}, to be checked in two steps. */
  Quota quota(Route route) {
    RouteLimits limits = byOperation.get(route.operationId());
    return limits == null ? Quota.NONE : new Quota(limits);
  }

  /** The limits of one request: checked before and after authentication, then announced. */
  static final class Quota {
    static final Quota NONE = new Quota(null);

    private final RouteLimits limits;

    /** The {@code RateLimit} items of the limits this request was counted against so far. */
    private final StringBuilder taken;

    private Quota(RouteLimits limits) {
      this.limits = limits;
      this.taken = limits == null ? null : new StringBuilder();
    }

    /** The limits counted by address or globally: a refusal, or empty to go on. */
    Optional<Reply> beforeAuthentication(Call call) {
      return limits == null ? Optional.empty() : take(call, false);
    }

    /** The limits counted by user, once the user is known: a refusal, or empty to go on. */
    Optional<Reply> afterAuthentication(Call call) {
      return limits == null ? Optional.empty() : take(call, true);
    }

    /**
     * {@code reply} with the route's limits, if it has any, and what is left of those this request
     * was counted against (none, for one refused before its user was known).
     */
    Reply announce(Reply reply) {
      if (limits == null) {
        return reply;
      }
      Reply announced = reply.header(POLICY, limits.policy());
      return taken.isEmpty() ? announced : announced.header(RATE_LIMIT, taken.toString());
    }

    private Optional<Reply> take(Call call, boolean byUser) {
      for (Limited limited : limits.throttles()) {
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
        Taken result = limited.throttle().take(who);
        if (!taken.isEmpty()) {
          taken.append(", ");
        }
        taken
            .append('"')
            .append(name(key))
            .append("\";r=")
            .append(result.remaining())
            .append(";t=")
            .append(Reply.wholeSeconds(result.untilWhole()));
        if (!result.allowed()) {
          limited.refused().increment();
          return Optional.of(
              Reply.tooManyRequests(result.untilNext(), describe(limits.route(), key)));
        }
      }
      return Optional.empty();
    }
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

  private static String name(RateLimit.Key key) {
    return key.name().toLowerCase(Locale.ROOT);
  }

  private record Limited(RateLimit limit, Throttle throttle, Counter refused) {}

  /** A route's limits and the {@code RateLimit-Policy} value announcing them. */
  private record RouteLimits(Route route, List<Limited> throttles, String policy) {
    RouteLimits(Route route, List<Limited> throttles) {
      this(route, throttles, policy(throttles));
    }

    /**
     * One item per limit: its quota {@code q} over a window of {@code w} whole seconds (a period of
     * a fraction of a second is announced as the quota of a whole second).
     */
    private static String policy(List<Limited> throttles) {
      List<String> items = new ArrayList<>();
      for (Limited limited : throttles) {
        Rate rate = limited.limit().rate();
        long nanos = rate.period().toNanos();
        long window = Math.max(1, Reply.wholeSeconds(rate.period()));
        long quota = (long) Math.floor(rate.count() * (window * 1e9 / nanos));
        items.add("\"" + name(limited.limit().key()) + "\";q=" + quota + ";w=" + window);
      }
      return String.join(", ", items);
    }
  }
}
