package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.inventory.EventLedger;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything the decisions on one event touch, owned by that event's {@link EventShard}: the {@link
 * EventLedger} of its stock, holds and orders, and the parts other features keep per event (lottery
 * entries, waiting-room counters), each made on first use. A decision that reads or changes several
 * of them runs under the one shard lock, so it is atomic.
 *
 * <p>Thread policy: confined to its shard's lock.
 */
final class EventState {
  /** A kind of per-event state a feature keeps, made from the event on first use. */
  record Part<T>(String name, Function<Event, T> make) {}

  private final EventLedger ledger;
  private final Map<Part<?>, Object> parts = new HashMap<>();

  EventState(EventLedger ledger) {
    this.ledger = ledger;
  }

  EventLedger ledger() {
    return ledger;
  }

  Event event() {
    return ledger.event();
  }

  /** This event's state of {@code part}, made now if it has none yet. */
  @SuppressWarnings("unchecked") // each part's key is the part itself, so its value is its T
  <T> T part(Part<T> part) {
    return (T) parts.computeIfAbsent(part, p -> p.make().apply(ledger.event()));
  }
}
