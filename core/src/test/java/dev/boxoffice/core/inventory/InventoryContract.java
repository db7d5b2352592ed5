package dev.boxoffice.core.inventory;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.ONE_DAY;
import static dev.boxoffice.core.testing.TestEvents.UNKNOWN_TYPE;
import static dev.boxoffice.core.testing.TestEvents.VIP;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.LedgerModel.Op;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.PurchaseContract;
import dev.boxoffice.core.testing.Race;
import dev.boxoffice.core.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link Inventory} port: every result case of hold, complete and release,
 * expiry, per-user limits, and the same rules under concurrency. Every adapter runs it; see {@link
 * dev.boxoffice.core.testing.PortContract} for how.
 *
 * <p>Tests pass {@code clock.now()} as the decision time and move the clock to make time pass. An
 * adapter may also end expired holds on its own timer at any moment after the clock passes their
 * expiry, so no test depends on whether that has happened yet.
 */
public abstract class InventoryContract extends PurchaseContract {
  private static final Duration TTL = TestEvents.DEFAULT_HOLD_TTL;

  /**
   * How many times each race runs, each on a fresh event. One race on two cores rarely overlaps two
   * decisions; twenty make a missing lock show reliably while staying under a second.
   */
  private static final int RACE_ROUNDS = 20;

  /** A new, empty inventory; register what must be closed with {@link #closeAfter}. */
  protected abstract Inventory newInventory(MutableClock clock);

  @BeforeEach
  final void openInventory() {
    inventory = newInventory(clock);
  }

  private Inventory inventory() {
    return inventory;
  }

  // ---- hold

  @Test
  void aHoldTakesItsTicketsOutOfTheAvailablePool() {
    Event event = create(anEvent(clock.now()).capacity(GA, 10));
    Instant now = clock.now();

    Hold hold = hold(event, user(1), GA, 3);

    assertThat(hold.event()).isEqualTo(event.id());
    assertThat(hold.id().event()).isEqualTo(event.id());
    assertThat(hold.user()).isEqualTo(user(1));
    assertThat(hold.ticketType()).isEqualTo(GA);
    assertThat(hold.quantity()).isEqualTo(new Quantity(3));
    assertThat(hold.createdAt()).isEqualTo(now);
    assertThat(hold.expiresAt()).isEqualTo(now.plus(TTL));
    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 10, 7, 3, 0));
    assertThat(stockOf(event, VIP).available()).isEqualTo(TestEvents.DEFAULT_CAPACITY);
  }

  @Test
  void everyHoldGetsItsOwnId() {
    Event event = create(anEvent(clock.now()));

    Hold first = hold(event, user(1), GA, 1);
    Hold second = hold(event, user(1), GA, 1);

    assertThat(first.id()).isNotEqualTo(second.id());
  }

  @Test
  void askingForMoreThanIsLeftIsSoldOutAndChangesNothing() {
    Event event = create(anEvent(clock.now()).capacity(GA, 3));
    hold(event, user(1), GA, 2);

    HoldResult result = tryHold(event, user(2), GA, 2);

    assertThat(result).isEqualTo(new HoldResult.SoldOut(GA, 1));
    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 3, 1, 2, 0));
    assertThat(held(tryHold(event, user(2), GA, 1)).quantity().value()).isEqualTo(1);
    assertThat(tryHold(event, user(3), GA, 1)).isEqualTo(new HoldResult.SoldOut(GA, 0));
  }

  @Test
  void aTicketTypeWithNoCapacityIsSoldOutFromTheStart() {
    Event event = create(anEvent(clock.now()).capacity(VIP, 0));

    assertThat(tryHold(event, user(1), VIP, 1)).isEqualTo(new HoldResult.SoldOut(VIP, 0));
  }

  @Test
  void holdingBeforeTheSaleOpensIsRefusedAsSaleClosed() {
    Instant opens = clock.now().plusSeconds(3600);
    Instant closes = opens.plusSeconds(3600);
    Event event = create(anEvent(clock.now()).saleWindow(opens, closes));

    assertThat(tryHold(event, user(1), GA, 1)).isEqualTo(new HoldResult.SaleClosed(opens, closes));
    clock.set(opens.minusNanos(1));
    assertThat(tryHold(event, user(1), GA, 1)).isEqualTo(new HoldResult.SaleClosed(opens, closes));
    assertThat(stockOf(event, GA).available()).isEqualTo(TestEvents.DEFAULT_CAPACITY);
  }

  @Test
  void holdingIsAllowedFromTheInstantTheSaleOpens() {
    Instant opens = clock.now().plusSeconds(60);
    Event event = create(anEvent(clock.now()).saleWindow(opens, opens.plusSeconds(60)));
    clock.set(opens);

    assertThat(tryHold(event, user(1), GA, 1)).isInstanceOf(HoldResult.Held.class);
  }

  @Test
  void holdingAtOrAfterTheSaleClosesIsRefusedAsSaleClosed() {
    Instant opens = clock.now().minusSeconds(60);
    Instant closes = clock.now().plusSeconds(60);
    Event event = create(anEvent(clock.now()).saleWindow(opens, closes));
    clock.set(closes.minusNanos(1));
    assertThat(tryHold(event, user(1), GA, 1)).isInstanceOf(HoldResult.Held.class);

    clock.set(closes);
    assertThat(tryHold(event, user(2), GA, 1)).isEqualTo(new HoldResult.SaleClosed(opens, closes));
    clock.advance(Duration.ofDays(1));
    assertThat(tryHold(event, user(3), GA, 1)).isEqualTo(new HoldResult.SaleClosed(opens, closes));
  }

  @Test
  void holdingForAnUnknownEventIsUnknownEvent() {
    EventId missing = new EventId("no-such-event");

    HoldResult result =
        inventory().hold(HoldRequest.openSale(missing, user(1), GA, Quantity.ONE), clock.now());

    assertThat(result).isEqualTo(new HoldResult.UnknownEvent(missing));
  }

  @Test
  void holdingATicketTypeTheEventDoesNotHaveIsUnknownTicketType() {
    Event event = create(anEvent(clock.now()));

    assertThat(tryHold(event, user(1), UNKNOWN_TYPE, 1))
        .isEqualTo(new HoldResult.UnknownTicketType(UNKNOWN_TYPE));
  }

  // ---- per-user limits

  @Test
  void oneHoldOverThePerUserLimitIsRefused() {
    Event event = create(anEvent(clock.now()).perUserLimit(4));

    assertThat(tryHold(event, user(1), GA, 5)).isEqualTo(new HoldResult.LimitReached(4, 0));
    assertThat(stockOf(event, GA).held()).isZero();
  }

  @Test
  void thePerUserLimitCountsEveryLiveHoldOfTheUser() {
    Event event = create(anEvent(clock.now()).perUserLimit(4));
    hold(event, user(1), GA, 2);
    hold(event, user(1), GA, 1);

    assertThat(tryHold(event, user(1), GA, 2)).isEqualTo(new HoldResult.LimitReached(4, 3));
    assertThat(tryHold(event, user(1), GA, 1)).isInstanceOf(HoldResult.Held.class);
    assertThat(tryHold(event, user(1), GA, 1)).isEqualTo(new HoldResult.LimitReached(4, 4));
  }

  @Test
  void thePerUserLimitCountsCompletedOrdersToo() {
    Event event = create(anEvent(clock.now()).perUserLimit(4));
    complete(hold(event, user(1), GA, 2));
    hold(event, user(1), GA, 1);

    assertThat(tryHold(event, user(1), GA, 2)).isEqualTo(new HoldResult.LimitReached(4, 3));
  }

  @Test
  void thePerUserLimitSpansEveryTicketTypeOfOneEvent() {
    Event event = create(anEvent(clock.now()).perUserLimit(4));
    hold(event, user(1), GA, 2);
    complete(hold(event, user(1), VIP, 1));

    assertThat(tryHold(event, user(1), ONE_DAY, 2)).isEqualTo(new HoldResult.LimitReached(4, 3));
    assertThat(tryHold(event, user(1), ONE_DAY, 1)).isInstanceOf(HoldResult.Held.class);
  }

  @Test
  void thePerUserLimitIsCountedPerUserAndPerEvent() {
    Event event = create(anEvent(clock.now()).perUserLimit(2));
    Event other = create(anEvent(clock.now()).perUserLimit(2));
    hold(event, user(1), GA, 2);

    assertThat(tryHold(event, user(2), GA, 2)).isInstanceOf(HoldResult.Held.class);
    assertThat(tryHold(other, user(1), GA, 2)).isInstanceOf(HoldResult.Held.class);
  }

  @Test
  void releasingAHoldGivesTheUserTheirAllowanceBack() {
    Event event = create(anEvent(clock.now()).perUserLimit(2));
    Hold hold = hold(event, user(1), GA, 2);
    assertThat(tryHold(event, user(1), GA, 1)).isInstanceOf(HoldResult.LimitReached.class);

    inventory().release(hold.id(), user(1), clock.now());

    assertThat(tryHold(event, user(1), GA, 2)).isInstanceOf(HoldResult.Held.class);
  }

  @Test
  void anExpiredHoldGivesTheUserTheirAllowanceBackWithoutAnExplicitExpire() {
    Event event = create(anEvent(clock.now()).perUserLimit(2));
    hold(event, user(1), GA, 2);
    clock.advance(TTL);

    assertThat(tryHold(event, user(1), GA, 2)).isInstanceOf(HoldResult.Held.class);
  }

  // ---- complete

  @Test
  void completingAHoldSellsItsTicketsAsOneOrder() {
    Event event = create(anEvent(clock.now()).capacity(VIP, 10));
    Hold hold = hold(event, user(1), VIP, 3);
    clock.advance(Duration.ofSeconds(5));

    CompleteResult result = inventory().complete(hold.id(), user(1), clock.now());

    assertThat(result).isInstanceOf(CompleteResult.Completed.class);
    CompleteResult.Completed completed = (CompleteResult.Completed) result;
    assertThat(completed.repeated()).isFalse();
    Order order = completed.order();
    assertThat(order.hold()).isEqualTo(hold.id());
    assertThat(order.event()).isEqualTo(event.id());
    assertThat(order.user()).isEqualTo(user(1));
    assertThat(order.ticketType()).isEqualTo(VIP);
    assertThat(order.quantity()).isEqualTo(3);
    assertThat(order.total()).isEqualTo(new Money(3 * TestEvents.VIP_PRICE_MINOR, "EUR"));
    assertThat(order.createdAt()).isEqualTo(clock.now());
    assertThat(stockOf(event, VIP)).isEqualTo(new TypeStock(VIP, 10, 7, 0, 3));
  }

  @Test
  void completingTwiceReturnsTheSameOrderAndSellsNothingMore() {
    Event event = create(anEvent(clock.now()).capacity(GA, 10));
    Hold hold = hold(event, user(1), GA, 2);
    Order first = complete(hold);
    clock.advance(Duration.ofSeconds(1));

    CompleteResult again = inventory().complete(hold.id(), user(1), clock.now());

    assertThat(again).isEqualTo(new CompleteResult.Completed(first, true));
    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 10, 8, 0, 2));
  }

  @Test
  void aCompletedHoldStaysCompletedAfterItsExpiryTimePasses() {
    Event event = create(anEvent(clock.now()));
    Hold hold = hold(event, user(1), GA, 2);
    Order order = complete(hold);
    clock.advance(TTL.multipliedBy(2));
    inventory().expire(clock.now());

    assertThat(inventory().complete(hold.id(), user(1), clock.now()))
        .isEqualTo(new CompleteResult.Completed(order, true));
    assertThat(stockOf(event, GA).sold()).isEqualTo(2);
  }

  @Test
  void completingAnExpiredHoldBeforeAnyExpiryRanIsExpired() {
    Event event = create(anEvent(clock.now()));
    Hold hold = hold(event, user(1), GA, 2);
    clock.set(hold.expiresAt().plusSeconds(1));

    CompleteResult result = inventory().complete(hold.id(), user(1), clock.now());

    assertThat(result).isEqualTo(new CompleteResult.Expired(hold.id(), hold.expiresAt()));
    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 100, 100, 0, 0));
  }

  @Test
  void completingAnExpiredHoldAfterExpiryRanIsExpired() {
    Event event = create(anEvent(clock.now()));
    Hold hold = hold(event, user(1), GA, 2);
    clock.set(hold.expiresAt().plusSeconds(1));
    inventory().expire(clock.now());

    CompleteResult result = inventory().complete(hold.id(), user(1), clock.now());

    assertThat(result).isEqualTo(new CompleteResult.Expired(hold.id(), hold.expiresAt()));
    assertThat(stockOf(event, GA).sold()).isZero();
  }

  @Test
  void aHoldIsNeverCompletableAtOrAfterItsExpiry() {
    Event event = create(anEvent(clock.now()));
    Hold atExpiry = hold(event, user(1), GA, 1);
    Hold later = hold(event, user(2), GA, 1);
    Instant expiresAt = atExpiry.expiresAt();

    assertThat(inventory().complete(atExpiry.id(), user(1), expiresAt))
        .isEqualTo(new CompleteResult.Expired(atExpiry.id(), expiresAt));
    assertThat(inventory().complete(later.id(), user(2), expiresAt.plus(Duration.ofHours(1))))
        .isEqualTo(new CompleteResult.Expired(later.id(), later.expiresAt()));
    assertThat(stockOf(event, GA).sold()).isZero();
  }

  @Test
  void aHoldIsCompletableUpToTheLastInstantBeforeItsExpiry() {
    Event event = create(anEvent(clock.now()));
    Hold hold = hold(event, user(1), GA, 1);

    CompleteResult result =
        inventory().complete(hold.id(), user(1), hold.expiresAt().minusNanos(1));

    assertThat(result).isInstanceOf(CompleteResult.Completed.class);
  }

  @Test
  void completingAReleasedHoldIsReleased() {
    Event event = create(anEvent(clock.now()));
    Hold hold = hold(event, user(1), GA, 2);
    inventory().release(hold.id(), user(1), clock.now());

    assertThat(inventory().complete(hold.id(), user(1), clock.now()))
        .isEqualTo(new CompleteResult.Released(hold.id()));
    assertThat(stockOf(event, GA).sold()).isZero();
  }

  @Test
  void onlyTheHolderCanCompleteAHold() {
    Event event = create(anEvent(clock.now()));
    Hold hold = hold(event, user(1), GA, 2);

    assertThat(inventory().complete(hold.id(), user(2), clock.now()))
        .isEqualTo(new CompleteResult.NotFound(hold.id()));
    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 100, 98, 2, 0));
    complete(hold);
  }

  @Test
  void someoneElsesCompletedHoldIsNotFound() {
    Event event = create(anEvent(clock.now()));
    Hold hold = hold(event, user(1), GA, 2);
    complete(hold);

    assertThat(inventory().complete(hold.id(), user(2), clock.now()))
        .isEqualTo(new CompleteResult.NotFound(hold.id()));
  }

  @Test
  void someoneElsesExpiredOrReleasedHoldIsNotFound() {
    Event event = create(anEvent(clock.now()));
    Hold released = hold(event, user(1), GA, 1);
    Hold expired = hold(event, user(1), GA, 1);
    inventory().release(released.id(), user(1), clock.now());
    clock.set(expired.expiresAt());
    inventory().expire(clock.now());

    assertThat(inventory().complete(released.id(), user(2), clock.now()))
        .isEqualTo(new CompleteResult.NotFound(released.id()));
    assertThat(inventory().complete(expired.id(), user(2), clock.now()))
        .isEqualTo(new CompleteResult.NotFound(expired.id()));
  }

  @Test
  void completingAHoldThatNeverExistedIsNotFound() {
    Event event = create(anEvent(clock.now()));
    HoldId unknownKey = HoldId.random(event.id(), clock.now());
    HoldId unknownEvent = HoldId.random(new EventId("no-such-event"), clock.now());

    assertThat(inventory().complete(unknownKey, user(1), clock.now()))
        .isEqualTo(new CompleteResult.NotFound(unknownKey));
    assertThat(inventory().complete(unknownEvent, user(1), clock.now()))
        .isEqualTo(new CompleteResult.NotFound(unknownEvent));
  }

  // ---- release

  @Test
  void releasingAHoldReturnsItsTicketsToThePool() {
    Event event = create(anEvent(clock.now()).capacity(GA, 10));
    Hold hold = hold(event, user(1), GA, 4);

    ReleaseResult result = inventory().release(hold.id(), user(1), clock.now());

    assertThat(result).isEqualTo(new ReleaseResult.Released(hold));
    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 10, 10, 0, 0));
  }

  @Test
  void releasingTwiceIsAlreadyEndedAndChangesNothing() {
    Event event = create(anEvent(clock.now()).capacity(GA, 10));
    Hold hold = hold(event, user(1), GA, 4);
    inventory().release(hold.id(), user(1), clock.now());
    hold(event, user(2), GA, 3);

    assertThat(inventory().release(hold.id(), user(1), clock.now()))
        .isEqualTo(new ReleaseResult.AlreadyEnded(hold.id()));
    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 10, 7, 3, 0));
  }

  @Test
  void releasingAnExpiredHoldIsAlreadyEndedBeforeAndAfterExpiryRan() {
    Event event = create(anEvent(clock.now()).capacity(GA, 10));
    Hold notSwept = hold(event, user(1), GA, 2);
    Hold swept = hold(event, user(2), GA, 2);
    clock.set(notSwept.expiresAt());

    assertThat(inventory().release(notSwept.id(), user(1), clock.now()))
        .isEqualTo(new ReleaseResult.AlreadyEnded(notSwept.id()));
    inventory().expire(clock.now());
    assertThat(inventory().release(swept.id(), user(2), clock.now()))
        .isEqualTo(new ReleaseResult.AlreadyEnded(swept.id()));
    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 10, 10, 0, 0));
  }

  @Test
  void releasingACompletedHoldKeepsTheOrder() {
    Event event = create(anEvent(clock.now()).capacity(GA, 10));
    Hold hold = hold(event, user(1), GA, 2);
    Order order = complete(hold);

    assertThat(inventory().release(hold.id(), user(1), clock.now()))
        .isEqualTo(new ReleaseResult.AlreadyCompleted(order.id()));
    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 10, 8, 0, 2));
  }

  @Test
  void onlyTheHolderCanReleaseAHold() {
    Event event = create(anEvent(clock.now()).capacity(GA, 10));
    Hold hold = hold(event, user(1), GA, 2);

    assertThat(inventory().release(hold.id(), user(2), clock.now()))
        .isEqualTo(new ReleaseResult.NotFound(hold.id()));
    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 10, 8, 2, 0));
    complete(hold);
    assertThat(inventory().release(hold.id(), user(2), clock.now()))
        .isEqualTo(new ReleaseResult.NotFound(hold.id()));
  }

  @Test
  void releasingAHoldThatNeverExistedIsNotFound() {
    Event event = create(anEvent(clock.now()));
    HoldId unknownKey = HoldId.random(event.id(), clock.now());
    HoldId unknownEvent = HoldId.random(new EventId("no-such-event"), clock.now());

    assertThat(inventory().release(unknownKey, user(1), clock.now()))
        .isEqualTo(new ReleaseResult.NotFound(unknownKey));
    assertThat(inventory().release(unknownEvent, user(1), clock.now()))
        .isEqualTo(new ReleaseResult.NotFound(unknownEvent));
  }

  // ---- expiry

  @Test
  void expireReturnsTheTicketsOfEveryDueHoldToThePool() {
    Event event = create(anEvent(clock.now()).capacity(GA, 10).capacity(VIP, 10));
    Hold ga = hold(event, user(1), GA, 3);
    hold(event, user(2), VIP, 2);
    clock.advance(Duration.ofSeconds(10));
    Hold notDue = hold(event, user(3), GA, 1);
    // Passed explicitly, ahead of the clock, so no timer of the store can have expired them first.
    Instant due = ga.expiresAt();

    int ended = inventory().expire(due);

    assertThat(ended).isEqualTo(2);
    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 10, 9, 1, 0));
    assertThat(stockOf(event, VIP)).isEqualTo(new TypeStock(VIP, 10, 10, 0, 0));
    assertThat(inventory().expire(due)).isZero();
    assertThat(inventory().complete(ga.id(), user(1), clock.now()))
        .isEqualTo(new CompleteResult.Expired(ga.id(), ga.expiresAt()));
    assertThat(inventory().complete(notDue.id(), user(3), clock.now()))
        .isInstanceOf(CompleteResult.Completed.class);
  }

  @Test
  void expireLeavesHoldsThatAreNotYetDue() {
    Event event = create(anEvent(clock.now()).capacity(GA, 10));
    Hold hold = hold(event, user(1), GA, 3);

    assertThat(inventory().expire(hold.expiresAt().minusNanos(1))).isZero();
    assertThat(stockOf(event, GA).held()).isEqualTo(3);
    complete(hold);
  }

  @Test
  void movingTheClockPastExpiryAndExpiringReturnsTheTickets() {
    Event event = create(anEvent(clock.now()).capacity(GA, 10));
    hold(event, user(1), GA, 3);
    hold(event, user(2), GA, 3);
    clock.advance(TTL);

    inventory().expire(clock.now());

    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 10, 10, 0, 0));
  }

  @Test
  void expiredTicketsCanBeHeldByOthers() {
    Event event = create(anEvent(clock.now()).capacity(GA, 2));
    hold(event, user(1), GA, 2);
    assertThat(tryHold(event, user(2), GA, 2)).isInstanceOf(HoldResult.SoldOut.class);
    clock.advance(TTL);

    assertThat(tryHold(event, user(2), GA, 2)).isInstanceOf(HoldResult.Held.class);
    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 2, 0, 2, 0));
  }

  // ---- setting up stock

  @Test
  void anEventsStockOpensWithAllItsTicketsAvailable() {
    Event event =
        create(anEvent(clock.now()).capacity(GA, 10).capacity(VIP, 3).capacity(ONE_DAY, 0));

    assertThat(inventory().stock(event.id()).orElseThrow().ticketTypes())
        .containsExactly(
            new TypeStock(GA, 10, 10, 0, 0),
            new TypeStock(VIP, 3, 3, 0, 0),
            new TypeStock(ONE_DAY, 0, 0, 0, 0));
  }

  @Test
  void settingUpAnotherEventUnderATakenIdIsRefusedAndKeepsTheFirst() {
    Event first = create(anEvent(clock.now()).id("summer-fest").capacity(GA, 10));
    hold(first, user(1), GA, 2);
    Event other = anEvent(clock.now()).id("summer-fest").capacity(GA, 99).build();

    assertThat(inventory().setUp(other)).isFalse();

    assertThat(stockOf(first, GA)).isEqualTo(new TypeStock(GA, 10, 8, 2, 0));
  }

  @Test
  void settingUpTheSameEventAgainChangesNothingAndSaysItIsOpen() {
    Event event = create(anEvent(clock.now()).capacity(GA, 10));
    hold(event, user(1), GA, 2);

    assertThat(inventory().setUp(event)).as("a retry of the same set-up").isTrue();

    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 10, 8, 2, 0));
  }

  @Test
  void ofManyRacingEventsForOneIdExactlyOneOpens() throws Exception {
    List<Event> candidates = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      candidates.add(anEvent(clock.now()).id("race-fest").name("Candidate " + i).build());
    }

    List<Boolean> opened = Race.onPlatformThreads(16, i -> inventory().setUp(candidates.get(i)));

    assertThat(opened).filteredOn(Boolean::booleanValue).hasSize(1);
    Event winner = candidates.get(opened.indexOf(true));
    assertThat(inventory().setUp(winner)).isTrue();
    assertThat(stockOf(winner, GA).available()).isEqualTo(TestEvents.DEFAULT_CAPACITY);
  }

  @Test
  void aRightTheEventsSaleModeDoesNotSellByIsRefusedAndChangesNothing() {
    Event event = create(anEvent(clock.now()).capacity(GA, 10));
    Entitlement stranger = new Entitlement() {};

    HoldResult result =
        inventory()
            .hold(new HoldRequest(event.id(), user(1), GA, Quantity.ONE, stranger), clock.now());

    assertThat(result)
        .isInstanceOfSatisfying(
            HoldResult.NotEntitled.class,
            refused -> {
              assertThat(refused.mode()).isEqualTo(event.mode());
              assertThat(refused.presented()).isSameAs(stranger);
            });
    assertThat(stockOf(event, GA)).isEqualTo(new TypeStock(GA, 10, 10, 0, 0));
  }

  @Test
  void stockOfAnUnknownEventIsEmpty() {
    assertThat(inventory().stock(new EventId("no-such-event"))).isEmpty();
  }

  @Test
  void stockListsEveryTicketTypeInTheEventsOrder() {
    Event event = create(anEvent(clock.now()));

    Stock stock = inventory().stock(event.id()).orElseThrow();

    assertThat(stock.event()).isEqualTo(event.id());
    assertThat(stock.ticketTypes()).extracting(TypeStock::code).containsExactly(GA, VIP, ONE_DAY);
  }

  // ---- random sequences

  @Provide
  Arbitrary<List<Op>> operations() {
    return LedgerModel.operations();
  }

  /**
   * Random sequences of holds, completions, releases, clock moves and expiries, each answer checked
   * against {@link LedgerModel} and the stock invariant checked after every step. Runs through the
   * port, so it holds any adapter to the same rules as {@link EventLedger}.
   */
  @Property(tries = 100)
  void randomOperationSequencesKeepEveryRuleAfterEveryStep(@ForAll("operations") List<Op> ops)
      throws Exception {
    MutableClock time = new MutableClock();
    try {
      Inventory inventory = newInventory(time);
      Event event = LedgerModel.event(time.now());
      assertThat(inventory.setUp(event)).isTrue();
      LedgerModel model = new LedgerModel(event);
      Map<TicketTypeCode, Integer> soldBefore = new HashMap<>();
      for (Op op : ops) {
        model.step(op, time, inventory, false);
        Stock stock = inventory.stock(event.id()).orElseThrow();
        model.checkStock(stock, time.now(), true);
        for (TypeStock type : stock.ticketTypes()) {
          assertThat(type.sold()).isGreaterThanOrEqualTo(soldBefore.getOrDefault(type.code(), 0));
          soldBefore.put(type.code(), type.sold());
        }
      }
    } finally {
      closeWhatWasOpened();
    }
  }

  // ---- concurrency

  @Test
  void lastTenTicketsGoToExactlyTenOfSixtyFourRacersOnPlatformThreads() throws Exception {
    raceForTheLastTenTickets(Race.Threads.PLATFORM);
  }

  private void raceForTheLastTenTickets(Race.Threads threads) throws Exception {
    for (int round = 0; round < RACE_ROUNDS; round++) {
      Event event = create(anEvent(clock.now()).capacity(GA, 10));
      Instant now = clock.now();

      List<HoldResult> results =
          Race.run(
              64,
              threads,
              Race.DEFAULT_TIMEOUT,
              i ->
                  inventory()
                      .hold(HoldRequest.openSale(event.id(), user(i), GA, Quantity.ONE), now));

      assertThat(results)
          .as("round " + round)
          .filteredOn(HoldResult.Held.class::isInstance)
          .hasSize(10);
      assertThat(results).filteredOn(HoldResult.SoldOut.class::isInstance).hasSize(54);
      Set<UserId> winners =
          results.stream()
              .filter(HoldResult.Held.class::isInstance)
              .map(r -> ((HoldResult.Held) r).hold().user())
              .collect(Collectors.toSet());
      assertThat(winners).hasSize(10);
      TypeStock ga = stockOf(event, GA);
      assertThat(ga.held() + ga.sold()).as("round " + round).isEqualTo(10);
      assertThat(ga.available()).isZero();
      assertThat(inventory().expire(now.plus(TTL))).isEqualTo(10);
      assertThat(stockOf(event, GA).available()).isEqualTo(10);
    }
  }

  @Test
  void oneUserRacingWithThirtyTwoHoldsNeverExceedsTheLimit() throws Exception {
    for (int round = 0; round < RACE_ROUNDS; round++) {
      Event event = create(anEvent(clock.now()).perUserLimit(4));
      Instant now = clock.now();

      List<HoldResult> results =
          Race.onPlatformThreads(
              32,
              i ->
                  inventory()
                      .hold(HoldRequest.openSale(event.id(), user(1), GA, Quantity.ONE), now));

      assertThat(results)
          .as("round " + round)
          .filteredOn(HoldResult.Held.class::isInstance)
          .hasSize(4);
      assertThat(results).filteredOn(HoldResult.LimitReached.class::isInstance).hasSize(28);
      assertThat(stockOf(event, GA).held()).isEqualTo(4);
    }
  }

  @Test
  void thirtyTwoCompletionsOfOneHoldMakeExactlyOneOrder() throws Exception {
    Event event = create(anEvent(clock.now()).capacity(GA, 10 * RACE_ROUNDS));
    for (int round = 0; round < RACE_ROUNDS; round++) {
      UserId buyer = user(round);
      Hold hold = hold(event, buyer, GA, 3);
      Instant now = clock.now();

      List<CompleteResult> results =
          Race.onPlatformThreads(32, i -> inventory().complete(hold.id(), buyer, now));

      assertThat(results).allMatch(CompleteResult.Completed.class::isInstance);
      List<CompleteResult.Completed> completed =
          results.stream().map(CompleteResult.Completed.class::cast).toList();
      Set<OrderId> orderIds =
          completed.stream().map(c -> c.order().id()).collect(Collectors.toSet());
      assertThat(orderIds).as("round " + round).hasSize(1);
      assertThat(completed).filteredOn(c -> !c.repeated()).hasSize(1);
      assertThat(stockOf(event, GA).sold()).isEqualTo(3 * (round + 1));
    }
  }

  @Test
  void manyUsersCompletingReleasingAndHoldingAtOnceKeepTheStockBalanced() throws Exception {
    int holders = 40;
    int newcomers = 20;
    int readers = 4;
    // Sold out at the start: newcomers can only get the tickets that releases give back.
    int capacity = holders / 2 * 3;
    for (int round = 0; round < RACE_ROUNDS; round++) {
      Event event = create(anEvent(clock.now()).capacity(GA, capacity));
      List<Hold> holds = new ArrayList<>();
      for (int i = 0; i < holders; i++) {
        holds.add(hold(event, user(i), GA, 1 + i % 2));
      }
      Instant now = clock.now();

      List<Object> results =
          Race.onPlatformThreads(
              holders + newcomers + readers,
              i -> {
                if (i < holders) {
                  Hold mine = holds.get(i);
                  return i % 2 == 0
                      ? inventory().complete(mine.id(), mine.user(), now)
                      : inventory().release(mine.id(), mine.user(), now);
                }
                if (i < holders + newcomers) {
                  return inventory()
                      .hold(HoldRequest.openSale(event.id(), user(i), GA, new Quantity(2)), now);
                }
                for (int read = 0; read < 50; read++) {
                  TypeStock stock = stockOf(event, GA);
                  assertThat(stock.available() + stock.held() + stock.sold()).isEqualTo(capacity);
                }
                return "read";
              });

      int sold = 0;
      int released = 0;
      int newlyHeld = 0;
      for (Object result : results) {
        switch (result) {
          case CompleteResult.Completed c -> sold += c.order().quantity();
          case ReleaseResult.Released r -> released += r.hold().quantity().value();
          case HoldResult.Held h -> newlyHeld += h.hold().quantity().value();
          case HoldResult.SoldOut soldOut -> {}
          case String read -> {}
          default -> throw new AssertionError("unexpected result " + result);
        }
      }
      assertThat(sold).isEqualTo(holders / 2);
      assertThat(released).isEqualTo(holders);
      assertThat(newlyHeld).isLessThanOrEqualTo(released);
      TypeStock ga = stockOf(event, GA);
      assertThat(ga)
          .as("round " + round)
          .isEqualTo(new TypeStock(GA, capacity, capacity - sold - newlyHeld, newlyHeld, sold));
    }
  }
}
