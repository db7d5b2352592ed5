package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.order.Order;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state a sequence of journal records adds up to, for the engines that keep records rather than
 * state. Not thread-safe.
 */
final class Replay {
  private final Map<EventId, Event> events = new LinkedHashMap<>();
  private final List<Account> accounts = new ArrayList<>();
  private final Map<HoldId, Hold> liveHolds = new LinkedHashMap<>();
  private final List<Order> orders = new ArrayList<>();

  void apply(JournalRecord record) {
    switch (record) {
      case JournalRecord.EventCreated(Event event) -> events.putIfAbsent(event.id(), event);
      case JournalRecord.StockOpened(Event event) -> events.putIfAbsent(event.id(), event);
      case JournalRecord.AccountRegistered(Account account) -> accounts.add(account);
      case JournalRecord.Ledger(LedgerChange.HoldCreated(Hold hold)) ->
          liveHolds.put(hold.id(), hold);
      case JournalRecord.Ledger(LedgerChange.HoldEnded ended) ->
          liveHolds.remove(ended.hold().id());
      case JournalRecord.Ledger(LedgerChange.OrderPlaced(Order order)) -> {
        liveHolds.remove(order.hold());
        orders.add(order);
      }
    }
  }

  Journal.State state() {
    return new Journal.State(
        List.copyOf(events.values()), accounts, List.copyOf(liveHolds.values()), orders);
  }
}
