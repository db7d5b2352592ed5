package dev.boxoffice.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.LedgerModel.Op;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random operation sequences on one {@link EventLedger}, with every invariant checked after every
 * step against {@link LedgerModel}, and replay of the emitted changes checked to rebuild the same
 * state.
 */
class EventLedgerProperties {

  @Provide
  Arbitrary<List<Op>> operations() {
    return LedgerModel.operations();
  }

  @Property(tries = 500)
  void everyStepKeepsStockBalancedUsersWithinTheirLimitAndSalesFinal(
      @ForAll("operations") List<Op> ops) {
    Run run = new Run();
    Map<TicketTypeCode, Integer> soldBefore = new HashMap<>();
    for (Op op : ops) {
      run.step(op);

      Stock stock = run.ledger.stock();
      run.model.checkStock(stock, run.clock.now(), false);
      for (TypeStock type : stock.ticketTypes()) {
        assertThat(type.sold())
            .as("sold of " + type.code() + " never decreases")
            .isGreaterThanOrEqualTo(soldBefore.getOrDefault(type.code(), 0));
        soldBefore.put(type.code(), type.sold());
      }
      for (int u = 0; u < LedgerModel.USERS; u++) {
        UserId user = LedgerModel.user(u);
        assertThat(run.ledger.ticketsOf(user))
            .as("tickets of " + user)
            .isEqualTo(run.model.ticketsOf(user))
            .isLessThanOrEqualTo(run.event.perUserLimit());
      }
      List<HoldId> completedHolds =
          run.changes.stream()
              .filter(LedgerChange.OrderPlaced.class::isInstance)
              .map(c -> ((LedgerChange.OrderPlaced) c).order().hold())
              .toList();
      assertThat(completedHolds).as("holds completed").doesNotHaveDuplicates();
      assertThat(completedHolds).hasSize(run.model.orders());
    }
  }

  @Property(tries = 300)
  void replayingTheEmittedChangesRebuildsTheSameLedger(@ForAll("operations") List<Op> ops) {
    Run run = new Run();
    for (Op op : ops) {
      run.step(op);
    }

    EventLedger replayed = TestEvents.ledger(run.event);
    run.changes.forEach(replayed::apply);

    assertThat(replayed.stock()).isEqualTo(run.ledger.stock());
    assertThat(new HashSet<>(replayed.liveHolds()))
        .isEqualTo(new HashSet<>(run.ledger.liveHolds()));
    for (int u = 0; u < LedgerModel.USERS; u++) {
      UserId user = LedgerModel.user(u);
      assertThat(replayed.ticketsOf(user)).isEqualTo(run.ledger.ticketsOf(user));
    }
    // The rebuilt ledger goes on deciding exactly as the original would.
    run.clock.advance(Duration.ofSeconds(5));
    List<LedgerChange> ignored = new ArrayList<>();
    assertThat(replayed.expire(run.clock.now(), ignored::add))
        .isEqualTo(run.ledger.expire(run.clock.now(), ignored::add));
    for (TicketType type : run.event.ticketTypes()) {
      HoldRequest request =
          HoldRequest.openSale(run.event.id(), LedgerModel.user(0), type.code(), Quantity.ONE);
      HoldId id = new HoldId(run.event.id().value() + ".after-replay-" + type.code().value());
      assertThat(replayed.hold(request, run.clock.now(), id, ignored::add))
          .isEqualTo(run.ledger.hold(request, run.clock.now(), id, ignored::add));
    }
    assertThat(replayed.stock()).isEqualTo(run.ledger.stock());
  }

  /**
   * One ledger, its model, and every change it emitted, driven by generated operations. It serves
   * the ledger as the {@link Inventory} port, so the contract's driver ({@link LedgerModel#step})
   * runs it too.
   */
  private static final class Run implements Inventory {
    final MutableClock clock = new MutableClock();
    final Event event = LedgerModel.event(clock.now());
    final EventLedger ledger = TestEvents.ledger(event);
    final LedgerModel model = new LedgerModel(event);
    final List<LedgerChange> changes = new ArrayList<>();
    private final Set<HoldId> issued = new HashSet<>();
    private int sequence;

    private int next() {
      return ++sequence;
    }

    void step(Op op) {
      model.step(op, clock, this, true);
    }

    @Override
    public boolean setUp(Event opened) {
      throw new UnsupportedOperationException("a run serves its one event's ledger");
    }

    @Override
    public HoldResult hold(HoldRequest request, Instant now) {
      HoldId id = new HoldId(event.id().value() + ".h" + next());
      assertThat(issued.add(id)).isTrue();
      return ledger.hold(request, now, id, changes::add);
    }

    @Override
    public CompleteResult complete(HoldId hold, UserId user, Instant now) {
      return ledger.complete(hold, user, now, new OrderId("or" + next()), changes::add);
    }

    @Override
    public ReleaseResult release(HoldId hold, UserId user, Instant now) {
      return ledger.release(hold, user, now, changes::add);
    }

    @Override
    public int expire(Instant now) {
      return ledger.expire(now, changes::add);
    }

    @Override
    public Optional<Stock> stock(EventId id) {
      return Optional.of(ledger.stock());
    }
  }
}
