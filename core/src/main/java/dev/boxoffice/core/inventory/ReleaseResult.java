package dev.boxoffice.core.inventory;

import dev.boxoffice.core.order.OrderId;

/** The outcome of releasing a hold. Releasing is idempotent: an ended hold stays ended. */
public sealed interface ReleaseResult {
  record Released(Hold hold) implements ReleaseResult {}

  /** The hold had already been released or had expired. Nothing changed. */
  record AlreadyEnded(HoldId hold) implements ReleaseResult {}

  /** The hold was completed; the order stands. */
  record AlreadyCompleted(OrderId order) implements ReleaseResult {}

  record NotFound(HoldId hold) implements ReleaseResult {}
}
