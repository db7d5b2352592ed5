package dev.boxoffice.core.inventory;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.VIP;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.LedgerChange.HoldCreated;
import dev.boxoffice.core.inventory.LedgerChange.HoldEnd;
import dev.boxoffice.core.inventory.LedgerChange.HoldEnded;
import dev.boxoffice.core.inventory.LedgerChange.OrderPlaced;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edge cases of {@link EventLedger} that the port contract cannot see from outside a store. */
class EventLedgerTest {
  private final MutableClock clock = new MutableClock();
  private final Event event = anEvent(clock.now()).capacity(GA, 10).perUserLimit(4).build();
  private final EventLedger ledger = TestEvents.ledger(event);
  private final List<LedgerChange> changes = new ArrayList<>();
  private int sequence;

  private int next() {
    return ++sequence;
  }

  private HoldResult tryHold(UserId user, int quantity) {
    return ledger.hold(
        HoldRequest.openSale(event.id(), user, GA, new Quantity(quantity)),
        clock.now(),
        new HoldId(event.id().value() + ".h" + next()),
        changes::add);
  }

  private Hold hold(UserId user, int quantity) {
    HoldResult result = tryHold(user, quantity);
    assertThat(result).isInstanceOf(HoldResult.Held.class);
    return ((HoldResult.Held) result).hold();
  }

  private CompleteResult complete(HoldId id, UserId user) {
    return ledger.complete(id, user, clock.now(), new OrderId("or" + next()), changes::add);
  }

  @Test
  void anExpiredHoldAnswersExpiredUntilItsTombstoneIsPrunedThenNotFound() {
    Hold hold = hold(user(1), 2);
    clock.set(hold.expiresAt());
    ledger.expire(clock.now(), changes::add);

    clock.set(hold.expiresAt().plus(EventLedger.TOMBSTONE_RETENTION));
    ledger.expire(clock.now(), changes::add);
    assertThat(complete(hold.id(), user(1)))
        .isEqualTo(new CompleteResult.Expired(hold.id(), hold.expiresAt()));

    clock.advance(Duration.ofSeconds(1));
    ledger.expire(clock.now(), changes::add);
    assertThat(complete(hold.id(), user(1))).isEqualTo(new CompleteResult.NotFound(hold.id()));
    assertThat(ledger.release(hold.id(), user(1), clock.now(), changes::add))
        .isEqualTo(new ReleaseResult.NotFound(hold.id()));
  }

  @Test
  void aLedgerThatKeepsNoTombstonesForgetsAnEndedHoldAtOnceAndStillCountsRight() {
    EventLedger forgetful =
        new EventLedger(event, SaleRules.standard().of(event.mode()), Duration.ZERO);
    HoldId id = new HoldId(event.id().value() + ".h" + next());
    Hold hold =
        ((HoldResult.Held)
                forgetful.hold(
                    HoldRequest.openSale(event.id(), user(1), GA, new Quantity(2)),
                    clock.now(),
                    id,
                    changes::add))
            .hold();
    clock.set(hold.expiresAt());
    assertThat(forgetful.expire(clock.now(), changes::add)).isEqualTo(1);

    assertThat(forgetful.complete(id, user(1), clock.now(), new OrderId("or1"), changes::add))
        .isEqualTo(new CompleteResult.NotFound(id));
    assertThat(forgetful.stock().of(GA).orElseThrow().available())
        .isEqualTo(event.ticketType(GA).orElseThrow().capacity());
    assertThat(forgetful.ticketsOf(user(1))).isZero();
  }

  @Test
  void aReleasedHoldAnswersReleasedUntilItsTombstoneIsPrunedThenNotFound() {
    Hold hold = hold(user(1), 2);
    clock.advance(Duration.ofSeconds(3));
    Instant releasedAt = clock.now();
    ledger.release(hold.id(), user(1), releasedAt, changes::add);

    clock.set(releasedAt.plus(EventLedger.TOMBSTONE_RETENTION));
    ledger.expire(clock.now(), changes::add);
    assertThat(complete(hold.id(), user(1))).isEqualTo(new CompleteResult.Released(hold.id()));

    clock.advance(Duration.ofNanos(1));
    ledger.expire(clock.now(), changes::add);
    assertThat(complete(hold.id(), user(1))).isEqualTo(new CompleteResult.NotFound(hold.id()));
  }

  @Test
  void aCompletedHoldIsRememberedForeverSoItNeverSellsTwice() {
    Hold hold = hold(user(1), 2);
    Order order = ((CompleteResult.Completed) complete(hold.id(), user(1))).order();
    clock.advance(EventLedger.TOMBSTONE_RETENTION.multipliedBy(10));
    ledger.expire(clock.now(), changes::add);

    assertThat(complete(hold.id(), user(1))).isEqualTo(new CompleteResult.Completed(order, true));
    assertThat(ledger.stock().of(GA).orElseThrow().sold()).isEqualTo(2);
  }

  @Test
  void eachDecisionReportsExactlyTheChangesItMade() {
    Hold completed = hold(user(1), 1);
    Hold released = hold(user(2), 1);
    assertThat(changes).containsExactly(new HoldCreated(completed), new HoldCreated(released));
    changes.clear();

    Order order = ((CompleteResult.Completed) complete(completed.id(), user(1))).order();
    ledger.release(released.id(), user(2), clock.now(), changes::add);
    assertThat(changes)
        .containsExactly(
            new OrderPlaced(order), new HoldEnded(released, HoldEnd.RELEASED, clock.now()));
    changes.clear();

    complete(completed.id(), user(1));
    ledger.release(released.id(), user(2), clock.now(), changes::add);
    tryHold(user(3), 5);
    complete(completed.id(), user(9));
    assertThat(changes).as("repeats and refusals change nothing").isEmpty();
  }

  @Test
  void expiryEndsEveryDueHoldAtTheSweepInstantAndNoOther() {
    Hold first = hold(user(1), 1);
    clock.advance(Duration.ofSeconds(10));
    Hold second = hold(user(2), 1);
    clock.advance(Duration.ofSeconds(10));
    Hold notDue = hold(user(3), 1);
    changes.clear();

    int ended = ledger.expire(second.expiresAt(), changes::add);

    assertThat(ended).isEqualTo(2);
    assertThat(changes)
        .containsExactly(
            new HoldEnded(first, HoldEnd.EXPIRED, second.expiresAt()),
            new HoldEnded(second, HoldEnd.EXPIRED, second.expiresAt()));
    assertThat(ledger.liveHolds()).containsExactly(notDue);
  }

  @Test
  void aHoldRequestEndsDueHoldsBeforeDeciding() {
    Hold old = hold(user(1), 4);
    hold(user(2), 4);
    clock.set(old.expiresAt());
    changes.clear();

    Hold fresh = hold(user(1), 4);

    assertThat(changes).hasSize(3);
    assertThat(changes.get(2)).isEqualTo(new HoldCreated(fresh));
    assertThat(ledger.stock().of(GA).orElseThrow()).isEqualTo(new TypeStock(GA, 10, 6, 4, 0));
    assertThat(ledger.liveHolds()).containsExactly(fresh);
  }

  @Test
  void aRefusedHoldRequestForAClosedSaleOrUnknownTypeChangesNothing() {
    Hold hold = hold(user(1), 4);
    clock.set(event.saleWindow().closesAt());
    changes.clear();

    assertThat(tryHold(user(2), 1)).isInstanceOf(HoldResult.SaleClosed.class);
    assertThat(
            ledger.hold(
                HoldRequest.openSale(event.id(), user(2), VIP, Quantity.ONE),
                clock.now(),
                new HoldId(event.id().value() + ".x"),
                changes::add))
        .isInstanceOf(HoldResult.SaleClosed.class);
    assertThat(changes).isEmpty();
    assertThat(ledger.liveHold(hold.id())).contains(hold);
  }

  @Test
  void releasingAnExpiredHoldThatNobodySweptEndsItAsExpired() {
    Hold hold = hold(user(1), 2);
    clock.set(hold.expiresAt());
    changes.clear();

    assertThat(ledger.release(hold.id(), user(1), clock.now(), changes::add))
        .isEqualTo(new ReleaseResult.AlreadyEnded(hold.id()));
    assertThat(changes).hasSize(1);
    assertThat(((HoldEnded) changes.get(0)).how()).isEqualTo(HoldEnd.EXPIRED);
    assertThat(complete(hold.id(), user(1)))
        .isEqualTo(new CompleteResult.Expired(hold.id(), hold.expiresAt()));
    assertThat(ledger.expire(clock.now(), changes::add)).isZero();
  }

  @Test
  void applyingAnOrderWhoseHoldWasNeverSeenSellsItsTicketsAndCountsThemAgainstTheLimit() {
    Order order =
        new Order(
            new OrderId("or-replayed"),
            new HoldId(event.id().value() + ".gone"),
            event.id(),
            user(1),
            GA,
            3,
            new Money(3 * 4_500, "EUR"),
            clock.now());

    ledger.apply(new OrderPlaced(order));

    assertThat(ledger.stock().of(GA).orElseThrow()).isEqualTo(new TypeStock(GA, 10, 7, 0, 3));
    assertThat(ledger.ticketsOf(user(1))).isEqualTo(3);
    assertThat(tryHold(user(1), 2)).isEqualTo(new HoldResult.LimitReached(4, 3));
    assertThat(complete(order.hold(), user(1)))
        .isEqualTo(new CompleteResult.Completed(order, true));
  }

  @Test
  void aUsersCountDropsToZeroWhenAllTheirHoldsEnd() {
    Hold a = hold(user(1), 2);
    Hold b = hold(user(1), 2);
    ledger.release(a.id(), user(1), clock.now(), changes::add);
    clock.set(b.expiresAt());
    ledger.expire(clock.now(), changes::add);

    assertThat(ledger.ticketsOf(user(1))).isZero();
    assertThat(ledger.liveHolds()).isEmpty();
  }
}
