package dev.boxoffice.store.embedded;

import static dev.boxoffice.store.embedded.StoreSamples.GA;
import static dev.boxoffice.store.embedded.StoreSamples.NOW;
import static dev.boxoffice.store.embedded.StoreSamples.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.flashsale.FlashTerms;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.order.OrderState;
import dev.boxoffice.core.order.PurchaseResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the order pipeline keeps across a restart: every accepted order ends confirmed, once. */
@Timeout(60)
class OrderPipelineRecoveryTest {
  @TempDir Path dir;

  private final StoreSamples.HandClock clock = new StoreSamples.HandClock();
  private EmbeddedStore store;

  private EmbeddedStore open() {
    store = EmbeddedStore.open(dir, clock, JournalSync.FULL, JournalListener.NONE);
    return store;
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private PurchaseResult buy(Event event, String user) {
    return store
        .stores()
        .flashSale()
        .purchase(
            HoldRequest.openSale(event.id(), new UserId(user), GA, new Quantity(1)),
            clock.instant());
  }

  /** A purchase of one GA ticket by {@code user}, accepted at {@link StoreSamples#NOW}. */
  private static Order pendingOrder(Event event, String user) {
    return new Order(
        OrderId.random(),
        HoldId.random(event.id(), NOW),
        event.id(),
        new UserId(user),
        GA,
        1,
        new Money(4_500, "EUR"),
        NOW);
  }

  private TypeStock stock(Event event) {
    return store.stores().inventory().stock(event.id()).orElseThrow().of(GA).orElseThrow();
  }

  @Test
  void acceptedOrdersAndTheTermsSurviveARestart() {
    Event event = event("ev_flash", 100, 1);
    open();
    StoreSamples.putOnSale(store, event);
    FlashTerms terms = new FlashTerms(3, Duration.ofSeconds(20));
    assertThat(store.stores().flashSale().configure(event.id(), terms)).isTrue();
    List<Order> accepted = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      accepted.add(((PurchaseResult.Accepted) buy(event, "buyer-" + i)).order());
    }
    store.close();

    open();
    store.stores().orderPipeline().finalise(clock.instant());

    for (Order order : accepted) {
      assertThat(store.stores().orders().find(order.id())).contains(order);
    }
    assertThat(stock(event)).isEqualTo(new TypeStock(GA, 100, 60, 0, 40));
    assertThat(store.stores().flashSale().terms(event.id())).contains(terms);
    assertThat(buy(event, "buyer-0")).isInstanceOf(PurchaseResult.Refused.class);
  }

  @Test
  void anOrderStillPendingAtTheCrashIsConfirmedOnOpenAndCountsAgainstItsBuyer() {
    Event event = event("ev_pending", 10, 1);
    open();
    StoreSamples.putOnSale(store, event);
    store.close();
    // An order accepted just before a crash: durable in the queue, not yet finalised.
    Order pending = pendingOrder(event, "ann");
    List<JournalRecord> records = new ArrayList<>();
    InventoryTables.record(new LedgerChange.OrderQueued(pending), records::add);
    try (Journal journal =
        GroupCommitJournal.start(
            RocksJournal.open(dir.resolve(DataFormat.JOURNAL), JournalSync.FULL),
            JournalListener.NONE)) {
      Journal.awaitDurable(journal.append(records));
    }
    clock.advance(Duration.ofHours(3));

    open();
    store.stores().orderPipeline().finalise(clock.instant());

    assertThat(store.stores().orders().find(pending.id())).contains(pending);
    assertThat(store.stores().orderPipeline().find(pending.id())).isEmpty();
    assertThat(stock(event)).isEqualTo(new TypeStock(GA, 10, 9, 0, 1));
    assertThat(buy(event, "ann")).isInstanceOf(PurchaseResult.Refused.class);
    store.close();
    open();
    assertThat(store.stores().orders().byUser(new UserId("ann"))).containsExactly(pending);
    assertThat(store.stores().orderPipeline().depth()).isZero();
  }

  @Test
  void anOrderWhoseReservationIsGoneFailsWithAReasonAndStaysFailed() {
    Event event = event("ev_orphan", 10, 1);
    open();
    StoreSamples.putOnSale(store, event);
    Order orphan = pendingOrder(event, "ann");
    EmbeddedOrderPipeline pipeline = (EmbeddedOrderPipeline) store.stores().orderPipeline();
    pipeline.accept(List.of(orphan));
    pipeline.finalise(clock.instant());

    assertThat(pipeline.find(orphan.id())).containsInstanceOf(OrderState.Failed.class);
    assertThat(store.stores().orders().find(orphan.id())).isEmpty();
    store.close();
    open();
    assertThat(store.stores().orderPipeline().find(orphan.id()))
        .contains(new OrderState.Failed(orphan, "no tickets were held for the order"));
    assertThat(stock(event)).isEqualTo(new TypeStock(GA, 10, 10, 0, 0));
  }
}
