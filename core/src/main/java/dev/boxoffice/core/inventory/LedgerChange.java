package dev.boxoffice.core.inventory;

import dev.boxoffice.core.order.Order;
import java.time.Instant;

/**
 * One change to an event's ledger, as a store must record it. Replaying a ledger's changes in order
 * onto a ledger of the same event rebuilds the same state.
 */
public sealed interface LedgerChange {
  record HoldCreated(Hold hold) implements LedgerChange {}

  /** The hold ended without an order; its tickets are available again. */
  record HoldEnded(Hold hold, HoldEnd how, Instant at) implements LedgerChange {}

  /** The hold was completed, or the pending order confirmed; its tickets are sold. */
  record OrderPlaced(Order order) implements LedgerChange {}

  /**
   * An order was accepted at once (a purchase): its tickets are held for it, under the order's
   * {@code hold} id, until the order pipeline places it.
   */
  record OrderQueued(Order order) implements LedgerChange {}

  /** How a hold ended without becoming an order. */
  enum HoldEnd {
    RELEASED,
    EXPIRED
  }
}
