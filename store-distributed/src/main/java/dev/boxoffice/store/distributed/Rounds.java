package dev.boxoffice.store.distributed;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Work a server does in rounds in the background (sweeps, steps, draws, refreshes), on a daemon
 * thread of its own; a failed round is tried again at the next. While a service is down every round
 * may fail: the first failure is logged with its cause, then at most one line per {@link #EVERY}
 * counting those not logged, and one line once a round works again.
 *
 * <p>Thread policy: thread-safe.
 */
final class Rounds implements AutoCloseable {
  static final Duration EVERY = Duration.ofSeconds(5);

  private final Logger log;
  private final String what;
  private final Duration every;
  private final ScheduledExecutorService thread;

  /** Failures since the last round that worked; those not logged; when one was last logged. */
  private long failing;

  private long unlogged;
  private long lastLogged;

  /** Whether the round under way had a failure. */
  private boolean roundFailed;

  /**
   * Rounds on a thread named {@code thread}, whose failures {@code log} reports as those of {@code
   * what} ("Sweeping the inventory").
   */
  Rounds(String thread, String what, Logger log) {
    this(thread, what, log, EVERY);
  }

  /** As above, failures logged at most once per {@code every}. */
  Rounds(String thread, String what, Logger log, Duration every) {
    this.log = log;
    this.what = what;
    this.every = every;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name(thread).factory());
  }

  /** Runs {@code round} every {@code period} from now on; one that throws is {@link #failed}. */
  void every(Duration period, Runnable round) {
    thread.scheduleWithFixedDelay(
        () -> {
          try {
            round.run();
          } catch (RuntimeException e) {
            failed(what, e);
          }
          worked();
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Reports that {@code what} failed with {@code e} (a whole round, or one part of it that holds up
   * no other), without flooding the log.
   */
  synchronized void failed(String what, RuntimeException e) {
    roundFailed = true;
    failing++;
    long now = System.nanoTime();
    if (failing > 1 && now - lastLogged < every.toNanos()) {
      unlogged++;
      return;
    }
    lastLogged = now;
    if (unlogged == 0) {
      log.warn("{} failed; the next round tries again: {}", what, e.toString());
    } else {
      log.warn(
          "{} failed ({} more failures since the last line): {}", what, unlogged, e.toString());
    }
    unlogged = 0;
  }

  /** Ends a round: one without failures after some is said to work again. */
  private synchronized void worked() {
    if (roundFailed) {
      roundFailed = false;
    } else if (failing > 0) {
      log.info("{} works again after {} failures", what, failing);
      failing = 0;
      unlogged = 0;
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
