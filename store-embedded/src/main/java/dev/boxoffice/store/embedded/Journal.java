package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.order.Order;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The durable record of every accepted change. Appends are applied in the order they were made; the
 * returned future completes only once the records (and all earlier ones) are durable, and completes
 * exceptionally, for this and every later append, once writing has failed.
 */
interface Journal extends AutoCloseable {
  /** Queues records for the next group commit. Never blocks on I/O. */
  CompletableFuture<Void> append(List<JournalRecord> records);

  /** The state the journal holds now: what a restarted store starts from. */
  State recover();

  /** False once writing has failed (or the journal is closed): appends no longer succeed. */
  default boolean healthy() {
    return true;
  }

  /**
   * Returns if the journal is healthy, else throws: once a write has failed, memory may hold
   * changes the disk never got, so nothing more is read from it until a restart reads the disk.
   */
  default void requireHealthy() {
    if (!healthy()) {
      throw new JournalException("the journal has failed or is closed; restart to read from disk");
    }
  }

  /** Waits until the append is durable; a journal failure surfaces as itself, unwrapped. */
  static void awaitDurable(CompletableFuture<Void> append) {
    try {
      append.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof JournalException failure) {
        throw failure;
      }
      throw e;
    }
  }

  @Override
  void close();

  /** Everything a store needs to rebuild itself. */
  record State(
      List<Event> events, List<Account> accounts, List<Hold> liveHolds, List<Order> orders) {
    public State {
      events = List.copyOf(events);
      accounts = List.copyOf(accounts);
      liveHolds = List.copyOf(liveHolds);
      orders = List.copyOf(orders);
    }
  }

  /** A journal that keeps nothing: for tests and benchmarks of the in-memory decisions alone. */
  static Journal none() {
    CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
    return new Journal() {
      @Override
      public CompletableFuture<Void> append(List<JournalRecord> records) {
        return done;
      }

      @Override
      public State recover() {
        return new State(List.of(), List.of(), List.of(), List.of());
      }

      @Override
      public void close() {}
    };
  }
}
