package dev.boxoffice.store.embedded;

import dev.boxoffice.core.inventory.EventLedger;

/**
 * Everything the decisions on one event touch, owned by that event's {@link EventShard}: today the
 * {@link EventLedger} of its stock, holds and orders. A feature that keeps state per event (lottery
 * entries, waiting-room counters) adds it here, so that a decision touching it and the stock runs
 * under the one shard lock and is atomic; its records and their replay come with the journal's
 * pluggable record kinds.
 *
 * <p>Thread policy: confined to its shard's lock.
 */
final class EventState {
  private final EventLedger ledger;

  EventState(EventLedger ledger) {
    this.ledger = ledger;
  }

  EventLedger ledger() {
    return ledger;
  }
}
