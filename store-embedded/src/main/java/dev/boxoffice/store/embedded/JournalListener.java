package dev.boxoffice.store.embedded;

import java.time.Duration;
import java.util.List;

/**
 * Hears about every group commit of the journal, and every batch the order pipeline finalises
 * through it, so the app can record batch sizes and latencies (in Micrometer, say) without the
 * store depending on a metrics library.
 *
 * <p>Thread policy: {@link #committed} is called on the journal's writer thread, after the commit
 * and before the waiting callers are released, so an implementation must be quick and must not
 * block. An exception thrown here is logged and otherwise ignored: the batch is already durable.
 * {@link #finalised} is called on the thread that finalised the batch, once it is durable.
 */
@FunctionalInterface
public interface JournalListener {
  /** A listener that does nothing. */
  JournalListener NONE = (records, nanos) -> {};

  /**
   * One transaction committed.
   *
   * @param records how many journal records it held (a hold: one; an order or an ended hold: two)
   * @param nanos how long writing and committing it took, fsync included
   */
  void committed(int records, long nanos);

  /**
   * The order pipeline finalised a batch of orders, durably.
   *
   * @param latencies for each order, from its acceptance to its final state
   */
  default void finalised(List<Duration> latencies) {}
}
