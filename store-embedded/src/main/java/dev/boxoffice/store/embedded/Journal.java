package dev.boxoffice.store.embedded;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * The durable record of every accepted change, kept as {@link Table}s of live values. Appends are
 * applied in the order they were made; the returned future completes only once the records (and all
 * earlier ones) are durable, and completes exceptionally, for this and every later append, once
 * writing has failed. Reads see what is durable.
 */
interface Journal extends AutoCloseable {
  /** Queues records for the next group commit. Never blocks on I/O. */
  CompletableFuture<Void> append(List<JournalRecord> records);

  /**
   * Hands every value of the table to {@code each}, with its key, in key order: what a store starts
   * from. Safe from any thread.
   */
  <V> void scan(Table<V> table, BiConsumer<String, V> each);

  /** The value under {@code key}, if a commit put it there. Safe from any thread. */
  <V> Optional<V> get(Table<V> table, String key);

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

  /** A journal that keeps nothing: for tests and benchmarks of the in-memory decisions alone. */
  static Journal none() {
    CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
    return new Journal() {
      @Override
      public CompletableFuture<Void> append(List<JournalRecord> records) {
        return done;
      }

      @Override
      public <V> void scan(Table<V> table, BiConsumer<String, V> each) {}

      @Override
      public <V> Optional<V> get(Table<V> table, String key) {
        return Optional.empty();
      }

      @Override
      public void close() {}
    };
  }
}
