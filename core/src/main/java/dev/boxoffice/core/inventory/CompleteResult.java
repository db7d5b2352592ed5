package dev.boxoffice.core.inventory;

import dev.boxoffice.core.order.Order;
import java.time.Instant;

/**
 * The outcome of completing a hold. Completing the same hold again returns the same order with
 * {@code repeated} set; someone else's hold is {@link NotFound}, so its existence is not revealed.
 */
public sealed interface CompleteResult {
  record Completed(Order order, boolean repeated) implements CompleteResult {}

  /** The hold ran out before it was completed; its tickets went back to the pool. */
  record Expired(HoldId hold, Instant expiredAt) implements CompleteResult {}

  /** The holder released the hold before completing it. */
  record Released(HoldId hold) implements CompleteResult {}

  record NotFound(HoldId hold) implements CompleteResult {}
}
