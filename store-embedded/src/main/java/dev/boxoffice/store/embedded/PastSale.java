package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.SaleWindow;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.LedgerChange.HoldEnd;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.store.embedded.InventoryTables.EndedHold;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * Writes the history of a big sale that ended into a data folder, quickly: to measure how a server
 * starts and sells on a folder that has seen a lot ({@code boxoffice past-sale}). The event is put
 * on sale through the store's ports; its orders and ended holds are then written straight into the
 * store's tables, in large commits, as the store itself would have written them (a ledger replays
 * the orders at the next start), without deciding each one again.
 *
 * <p>The event ({@value #EVENT_ID}) sold one ticket to each of {@code orders} users over the last
 * hours; {@code endedHolds} holds of other users expired or were released over the same hours, all
 * recent enough to be remembered for a day.
 */
public final class PastSale {
  public static final String EVENT_ID = "past-sale";

  private static final TicketTypeCode GA = new TicketTypeCode("GA");
  private static final Money PRICE = new Money(4_900, "EUR");
  private static final Duration SPREAD = Duration.ofHours(20);
  private static final int RECORDS_PER_COMMIT = 20_000;
  private static final long PROGRESS_EVERY = 1_000_000;

  private PastSale() {}

  /**
   * Writes the sale into {@code dataDir} (creating the folder, or adding to one that has no event
   * {@value #EVENT_ID}), reporting the records handed to the journal to {@code progress} at each
   * million, and all of them at the end, once durable.
   *
   * @throws IllegalStateException if the folder already has the event
   */
  public static void write(
      Path dataDir, int orders, int endedHolds, InstantSource clock, LongConsumer progress) {
    Instant now = clock.instant();
    Event event = event(now, orders);
    try (EmbeddedStore store =
        EmbeddedStore.open(dataDir, clock, JournalSync.NORMAL, JournalListener.NONE)) {
      if (!store.stores().inventory().setUp(event) || !store.stores().events().create(event)) {
        throw new IllegalStateException(dataDir + " has an event " + EVENT_ID + " already");
      }
      Writer writer = new Writer(store.journal(), progress);
      // Early enough that the last ended hold's expiry is past too.
      Instant start = now.minus(SPREAD).minus(event.holdTtl());
      for (int i = 0; i < orders; i++) {
        Instant at = start.plus(SPREAD.multipliedBy(i).dividedBy(orders));
        HoldId hold = HoldId.random(event.id(), at);
        Order order =
            new Order(
                OrderId.random(), hold, event.id(), new UserId("buyer-" + i), GA, 1, PRICE, at);
        writer.add(new JournalRecord.Insert<>(InventoryTables.ORDERS, hold.value(), order));
      }
      for (int i = 0; i < endedHolds; i++) {
        Instant at = start.plus(SPREAD.multipliedBy(i).dividedBy(endedHolds));
        HoldId hold = HoldId.random(event.id(), at);
        Instant expiresAt = at.plus(event.holdTtl());
        EndedHold ended =
            i % 10 == 0
                ? new EndedHold(new UserId("browser-" + i), HoldEnd.RELEASED, expiresAt, at)
                : new EndedHold(new UserId("browser-" + i), HoldEnd.EXPIRED, expiresAt, expiresAt);
        writer.add(new JournalRecord.Put<>(InventoryTables.ENDED, hold.value(), ended));
      }
      writer.finish();
    }
  }

  /** On sale from a day ago for a week, one ticket per user, enough tickets for every order. */
  private static Event event(Instant now, int orders) {
    return new Event(
        new EventId(EVENT_ID),
        "A sale that has seen a lot",
        "Stadium",
        now.plus(Duration.ofDays(30)),
        new SaleWindow(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(7))),
        Duration.ofMinutes(5),
        1,
        SaleMode.FIRST_COME,
        List.of(new TicketType(GA, "General admission", PRICE, Math.max(1, orders))));
  }

  /** Appends records in large commits, a few in flight at a time. */
  private static final class Writer {
    private final Journal journal;
    private final LongConsumer progress;
    private final List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    private List<JournalRecord> batch = new ArrayList<>(RECORDS_PER_COMMIT);
    private long written;

    Writer(Journal journal, LongConsumer progress) {
      this.journal = journal;
      this.progress = progress;
    }

    void add(JournalRecord record) {
      batch.add(record);
      if (batch.size() == RECORDS_PER_COMMIT) {
        flush();
      }
    }

    private void flush() {
      inFlight.add(journal.append(batch));
      long before = written;
      written += batch.size();
      batch = new ArrayList<>(RECORDS_PER_COMMIT);
      if (inFlight.size() == 4) {
        Journal.awaitDurable(inFlight.removeFirst());
      }
      if (written / PROGRESS_EVERY > before / PROGRESS_EVERY) {
        progress.accept(written);
      }
    }

    void finish() {
      if (!batch.isEmpty()) {
        flush();
      }
      inFlight.forEach(Journal::awaitDurable);
      if (written % PROGRESS_EVERY != 0) {
        progress.accept(written);
      }
    }
  }
}
