package dev.boxoffice.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs the requests a store outage failed without flooding the log: the first failure with its
 * cause, then at most one line per {@link #EVERY}, counting the failures it did not log. While
 * Redis or RabbitMQ is down every request may fail; one line a few seconds says so as well.
 *
 * <p>Thread policy: thread-safe.
 */
final class OutageLog {
  static final Duration EVERY = Duration.ofSeconds(5);

  private final Logger log;
  private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - EVERY.toNanos());
  private final AtomicLong unlogged = new AtomicLong();

  OutageLog(Logger log) {
    this.log = log;
  }

  /** Reports that the store failed {@code request} with {@code failure}. */
  void report(String request, RuntimeException failure) {
    long now = System.nanoTime();
    long last = lastLogged.get();
    if (now - last < EVERY.toNanos() || !lastLogged.compareAndSet(last, now)) {
      unlogged.incrementAndGet();
      return;
    }
    long more = unlogged.getAndSet(0);
    if (more == 0) {
      log.error("store unavailable in {}", request, failure);
    } else {
      log.error(
          "store unavailable in {} (and {} more requests since the last report): {}",
          request,
          more,
          failure.toString());
    }
  }
}
