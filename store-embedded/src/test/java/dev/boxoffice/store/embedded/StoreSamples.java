package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.SaleWindow;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Values and a hand-moved clock for the durable store's and the journal's tests. */
final class StoreSamples {
  /** Has sub-millisecond digits, so a lossy mapping of instants would show. */
  static final Instant NOW = Instant.parse("2030-06-01T18:00:00.123456789Z");

  static final TicketTypeCode GA = new TicketTypeCode("GA");
  static final TicketTypeCode VIP = new TicketTypeCode("VIP");
  static final TicketTypeCode ONE_DAY = new TicketTypeCode("ONE_DAY");
  static final Duration TTL = Duration.ofSeconds(30);

  private StoreSamples() {}

  /** An event on sale around {@link #NOW}, ticket types deliberately not in alphabetical order. */
  static Event event(String id, int capacity, int perUserLimit) {
    return new Event(
        new EventId(id),
        "Night at the Opera",
        "Royal Hall",
        NOW.plus(Duration.ofDays(30)),
        new SaleWindow(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1))),
        TTL,
        perUserLimit,
        SaleMode.FIRST_COME,
        List.of(
            new TicketType(VIP, "VIP lounge", new Money(12_000, "EUR"), capacity),
            new TicketType(GA, "General admission", new Money(4_500, "EUR"), capacity),
            new TicketType(ONE_DAY, "One day", new Money(2_500, "EUR"), capacity)));
  }

  static Account account(String name) {
    return new Account(new UserId(name), "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA", NOW);
  }

  static Hold hold(Event event, String user, int quantity) {
    return new Hold(
        HoldId.random(event.id(), NOW),
        event.id(),
        new UserId(user),
        GA,
        new Quantity(quantity),
        NOW,
        NOW.plus(TTL));
  }

  static Order order(Hold hold) {
    return new Order(
        OrderId.random(),
        hold.id(),
        hold.event(),
        hold.user(),
        hold.ticketType(),
        hold.quantity().value(),
        new Money(4_500L * hold.quantity().value(), "EUR"),
        NOW.plusSeconds(5));
  }

  static List<JournalRecord> created(Hold hold) {
    return records(new LedgerChange.HoldCreated(hold));
  }

  static List<JournalRecord> ended(Hold hold, LedgerChange.HoldEnd how) {
    return records(new LedgerChange.HoldEnded(hold, how, NOW.plusSeconds(1)));
  }

  static List<JournalRecord> placed(Order order) {
    return records(new LedgerChange.OrderPlaced(order));
  }

  private static List<JournalRecord> records(LedgerChange change) {
    List<JournalRecord> records = new ArrayList<>();
    InventoryTables.record(change, records::add);
    return records;
  }

  /** The records that put an event on sale: into the catalog and the stock. */
  static List<JournalRecord> listed(Event event) {
    return List.of(
        new JournalRecord.Put<>(EmbeddedCatalog.EVENTS, event.id().value(), event),
        new JournalRecord.Put<>(InventoryTables.STOCK, event.id().value(), event));
  }

  static JournalRecord registered(Account account) {
    return new JournalRecord.Put<>(EmbeddedAccounts.ACCOUNTS, account.user().value(), account);
  }

  /** Every value of a table, in key order. */
  static <V> List<V> all(Journal journal, Table<V> table) {
    List<V> values = new ArrayList<>();
    journal.scan(table, (key, value) -> values.add(value));
    return values;
  }

  /** A clock the test moves by hand; safe to read from the store's sweeper thread. */
  static final class HandClock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);

    @Override
    public Instant instant() {
      return now.get();
    }

    Instant advance(Duration amount) {
      return now.updateAndGet(t -> t.plus(amount));
    }
  }

  /**
   * Opens the event's stock and lists it in the catalog, true if both were new. Unlike {@code
   * Sales.open} it does not ask whether the event may be new now: stores keep events of any age.
   */
  static boolean putOnSale(EmbeddedStore store, Event event) {
    boolean stock = store.stores().inventory().setUp(event);
    boolean listed = store.stores().events().create(event);
    return stock && listed;
  }
}
