package dev.boxoffice.core.order;

import dev.boxoffice.core.inventory.HoldResult;
import java.time.Instant;

/**
 * The outcome of buying at once, without a hold to complete (a flash sale's purchase). Only {@link
 * Accepted} changed anything: the order is pending, its tickets held for it, and the order pipeline
 * will confirm or fail it.
 */
public sealed interface PurchaseResult {
  /** The order is accepted and pending; once this is returned it is never lost. */
  record Accepted(Order order) implements PurchaseResult {}

  /**
   * Refused for the reason a hold would be (sold out, over the limit, sale closed, not entitled,
   * unknown event or type, waiting room required); never {@link HoldResult.Held}.
   */
  record Refused(HoldResult reason) implements PurchaseResult {}

  /** The user tried within the sale's purchase interval; they may try again at {@code retryAt}. */
  record TooSoon(Instant retryAt) implements PurchaseResult {}
}
