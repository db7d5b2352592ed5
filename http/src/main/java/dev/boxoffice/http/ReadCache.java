package dev.boxoffice.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cache of public reads: the 200 answers of the routes features mark {@link Routes#cached} (an
 * event, the event list, what is left to sell), each with an {@code ETag} that {@code
 * If-None-Match} turns into a 304. A cached answer is dropped by the first successful write through
 * the API that may change it (a route that is not a GET, answering 2xx, unless its feature marked
 * it {@link Routes#changesNoRead}; one naming an event in its path drops that event's answers and
 * those of no event, any other drops all), and is never served older than the configured time,
 * which bounds how long a change made without a request (a hold's expiry, an order confirmed by the
 * pipeline, a draw at the close) goes unseen. It sits right around the endpoint, inside every
 * filter and limit, and no sale decision reads from it.
 *
 * <p>A read is computed outside the cache, never inside Caffeine's lock (where a virtual thread
 * would pin its carrier while it waits for an event's lock), and its answer is kept only if no
 * write succeeded while it was computed, checked again once it is stored.
 *
 * <p>Counted in {@code boxoffice.cache.hits} and {@code boxoffice.cache.misses}, tagged with the
 * route's operationId as {@code cache}.
 *
 * <p>Thread policy: thread-safe.
 */
final class ReadCache {
  static final int MAX_ANSWERS = 10_000;
  private static final String EVENT_ID = "eventId";
  private static final String NO_EVENT = "";

  /** Off when the time is zero: every read is computed, and still tagged. */
  private final Cache<Key, Reply> answers;

  private final MeterRegistry registry;

  /** The cached routes, by whether they read one event: what a write may have to drop. */
  private final List<String> eventReads = new CopyOnWriteArrayList<>();

  private final List<String> otherReads = new CopyOnWriteArrayList<>();

  /**
   * Successful writes so far: a read stores its answer only if none came in while it computed it,
   * so an answer that may predate a write is never kept.
   */
  private final AtomicLong writes = new AtomicLong();

  private final Routes routes;

  ReadCache(Routes routes, Duration ttl, InstantSource clock, MeterRegistry registry) {
    this.routes = routes;
    this.registry = registry;
    this.answers =
        ttl.isZero()
            ? null
            : Caffeine.newBuilder()
                .maximumSize(MAX_ANSWERS)
                .expireAfterWrite(ttl)
                .ticker(() -> nanos(clock.instant()))
                .executor(Runnable::run)
                .build();
  }

  /**
   * {@code endpoint} of {@code route} answered from the cache if the route is {@link
   * Routes#cached}, dropping what it may change if it is a write (unless {@link
   * Routes#changesNoRead}), else as it is.
   */
  Endpoint around(Route route, Endpoint endpoint) {
    if (routes.cached(route)) {
      return reading(route, endpoint);
    }
    boolean read = route.method() == Method.GET || routes.changesNoRead(route);
    return read ? endpoint : writing(route, endpoint);
  }

  /**
   * A cached route's endpoint: answered from the cache while it may, tagged, 304 when unchanged.
   */
  private Endpoint reading(Route route, Endpoint endpoint) {
    Counter hit = counter("boxoffice.cache.hits", "Reads answered from the cache", route);
    Counter miss = counter("boxoffice.cache.misses", "Reads computed afresh", route);
    boolean byEvent = byEvent(route);
    (byEvent ? eventReads : otherReads).add(route.operationId());
    return call -> {
      Reply reply;
      Key key = new Key(route.operationId(), byEvent ? call.param(EVENT_ID) : NO_EVENT);
      Reply cached = answers == null ? null : answers.getIfPresent(key);
      if (cached != null) {
        hit.increment();
        reply = cached;
      } else {
        miss.increment();
        long writesBefore = writes.get();
        reply = tagged(endpoint.answer(call));
        if (answers != null && reply.status() == 200 && writes.get() == writesBefore) {
          answers.put(key, reply);
          if (writes.get() != writesBefore) {
            // A write came in meanwhile: this answer may predate it.
            answers.asMap().remove(key, reply);
          }
        }
      }
      return unchanged(call, reply) ? Reply.notModified(reply) : reply;
    };
  }

  /** A write's endpoint: once it succeeded, the cached reads it may have changed are dropped. */
  private Endpoint writing(Route route, Endpoint endpoint) {
    boolean byEvent = byEvent(route);
    return call -> {
      Reply reply = endpoint.answer(call);
      if (answers != null && reply.status() < 300) {
        writes.incrementAndGet();
        if (byEvent) {
          String event = call.param(EVENT_ID);
          eventReads.forEach(operation -> answers.invalidate(new Key(operation, event)));
          otherReads.forEach(operation -> answers.invalidate(new Key(operation, NO_EVENT)));
        } else {
          answers.invalidateAll();
        }
      }
      return reply;
    };
  }

  private static boolean byEvent(Route route) {
    return route.template().contains("{" + EVENT_ID + "}");
  }

  private Counter counter(String name, String description, Route route) {
    return Counter.builder(name)
        .description(description)
        .tag("cache", route.operationId())
        .register(registry);
  }

  /** {@code reply} with a strong ETag of its body, if it is a 200. */
  private static Reply tagged(Reply reply) {
    return reply.status() == 200 ? reply.header(HeaderNames.ETAG, etag(reply.body())) : reply;
  }

  /** Whether the client's {@code If-None-Match} names this reply's ETag (or any, {@code *}). */
  private static boolean unchanged(Call call, Reply reply) {
    if (reply.status() != 200) {
      return false;
    }
    String etag = reply.headerValue(HeaderNames.ETAG).orElse(null);
    return call.header(HeaderNames.IF_NONE_MATCH)
        .map(
            match -> {
              for (String candidate : match.split(",")) {
                String c = candidate.strip();
                if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                  return true;
                }
              }
              return false;
            })
        .orElse(false);
  }

  static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return '"' + HexFormat.of().formatHex(digest, 0, 12) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /** One cached answer: the route's, for one event or for none. */
  private record Key(String operation, String event) {}
}
