package dev.boxoffice.store.embedded;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Makes a new thing (an event, an account) durable before it is visible: its key is reserved, its
 * record is written and waited for, and only then is it published. A second creation of the same
 * key, while the first is in flight or after it, is refused; a failed write publishes nothing and
 * frees the key.
 *
 * <p>Thread policy: thread-safe.
 */
final class Reservations<K> {
  private final ConcurrentHashMap<K, Boolean> inFlight = new ConcurrentHashMap<>();

  /**
   * Creates under {@code key}: false, changing nothing, if {@code exists} or another creation of it
   * is in flight; else appends, waits until durable, publishes and returns true.
   *
   * @throws JournalException if the record could not be made durable; nothing is published
   */
  boolean durably(
      K key, BooleanSupplier exists, Supplier<CompletableFuture<Void>> append, Runnable publish) {
    if (inFlight.putIfAbsent(key, Boolean.TRUE) != null) {
      return false;
    }
    try {
      if (exists.getAsBoolean()) {
        return false;
      }
      Journal.awaitDurable(append.get());
      publish.run();
      return true;
    } finally {
      inFlight.remove(key);
    }
  }
}
