package dev.boxoffice.core.inventory;

import dev.boxoffice.core.event.Event;
import java.time.Instant;
import java.util.Optional;

/**
 * The rule of one sale mode: whether a right lets its bearer hold tickets of an event now. It is
 * asked before the stock, in the same atomic decision, and answers with the refusal to return, or
 * empty to let the ledger decide on stock and the per-person limit.
 *
 * <p>A pure function of its arguments: no clock of its own, no state, no I/O.
 */
@FunctionalInterface
public interface SaleRule {
  Optional<HoldResult> refusal(Event event, Entitlement right, Instant now);
}
