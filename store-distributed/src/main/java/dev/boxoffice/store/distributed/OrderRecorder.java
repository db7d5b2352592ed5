package dev.boxoffice.store.distributed;

import dev.boxoffice.core.StoreUnavailableException;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.order.Order;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records orders in PostgreSQL in groups (group commit): callers queue their order and wait; one
 * writer thread takes everything queued, up to {@link #MOST_PER_GROUP}, and records it in one
 * transaction ({@link PostgresOrders#record(List)}), so the commits a second are bounded by the
 * database's disk while the orders in each grow with the load, instead of every completion waiting
 * its turn for one ticket type's row.
 *
 * <p>Thread policy: thread-safe; {@link #record} blocks its caller until its group committed.
 */
final class OrderRecorder implements AutoCloseable {
  static final int MOST_PER_GROUP = 256;

  /**
   * How long a caller waits for its group at most: then it answers 503, the order in doubt (the
   * sweep records it if Redis decided it and it was not recorded).
   */
  static final Duration WAIT = Duration.ofSeconds(10);

  /** Queued by {@link #close}: the writer stops once the orders queued before it are recorded. */
  private static final Waiting STOP = new Waiting(null, new CompletableFuture<>());

  private final PostgresOrders orders;
  private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();

  private final Thread writer;
  private volatile boolean closed;

  OrderRecorder(PostgresOrders orders) {
    this.orders = orders;
    this.writer = Thread.ofPlatform().daemon().name("order-recorder").start(this::run);
  }

  /**
   * Records {@code order}: true once it is recorded, false if PostgreSQL refused it (see {@link
   * PostgresOrders#record(List)}).
   *
   * @throws RuntimeException what recording its group threw (PostgreSQL could not be used)
   */
  boolean record(Order order) {
    Waiting waiting = new Waiting(order, new CompletableFuture<>());
    queue.add(waiting);
    if (closed && !writer.isAlive()) {
      waiting.stopped();
    }
    try {
      return waiting.done().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException cause
          ? cause
          : new StoreUnavailableException("recording the order failed", e.getCause());
    } catch (TimeoutException e) {
      throw new StoreUnavailableException(
          "PostgreSQL did not record the order within " + WAIT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while the order was recorded", e);
    }
  }

  private void run() {
    List<Waiting> group = new ArrayList<>();
    while (true) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(group, MOST_PER_GROUP - 1);
      boolean stop = group.remove(STOP);
      if (!group.isEmpty()) {
        try {
          Set<HoldId> refused = orders.record(group.stream().map(Waiting::order).toList());
          group.forEach(w -> w.done().complete(!refused.contains(w.order().hold())));
        } catch (Throwable e) { // whatever stopped this group, the next one is tried
          group.forEach(w -> w.done().completeExceptionally(e));
        }
        group.clear();
      }
      if (stop) {
        return;
      }
    }
  }

  /**
   * Records what was queued before it, then stops the writer (waiting for it up to ten seconds); an
   * order queued later is refused as the store stopping.
   */
  @Override
  public void close() {
    closed = true;
    queue.add(STOP);
    try {
      writer.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    queue.forEach(Waiting::stopped);
  }

  private record Waiting(Order order, CompletableFuture<Boolean> done) {
    void stopped() {
      done.completeExceptionally(new StoreUnavailableException("the server is stopping"));
    }
  }
}
