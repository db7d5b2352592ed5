package dev.boxoffice.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand, so expiry and sale windows are tested without sleeping.
 *
 * <p>Thread policy: thread-safe. Readers on other threads (a store's expiry sweeper, racing test
 * threads) see every move as soon as it returns.
 */
public final class MutableClock implements InstantSource {
  /** Where a clock made with {@link #MutableClock()} starts: a fixed instant, so runs repeat. */
  public static final Instant START = Instant.parse("2030-06-01T18:00:00Z");

  private final AtomicReference<Instant> now;

  /** A clock standing at {@link #START}. */
  public MutableClock() {
    this(START);
  }

  /** A clock standing at {@code start}. */
  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /** The clock's current instant; the same as {@link #instant()}, shorter in tests. */
  public Instant now() {
    return now.get();
  }

  /** Moves the clock forward (or back, for a negative amount) and returns the new instant. */
  public Instant advance(Duration amount) {
    return now.updateAndGet(t -> t.plus(amount));
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public String toString() {
    return "MutableClock[" + now.get() + "]";
  }
}
