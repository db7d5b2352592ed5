package dev.boxoffice.core.flashsale;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderPipeline;
import dev.boxoffice.core.order.OrderState;
import dev.boxoffice.core.order.Orders;
import dev.boxoffice.core.order.PurchaseResult;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.PurchaseContract;
import dev.boxoffice.core.testing.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link FlashSale} port with its {@link OrderPipeline}: a purchase is decided
 * with the stock at once and never oversells, its order is pending until the pipeline confirms it
 * (once, however often it is finalised), one attempt per user per interval counted only past the
 * sale window, the per-person limit across holds and purchases, and the sold-out fast path.
 */
public abstract class FlashSaleContract extends PurchaseContract {
  private static final Duration INTERVAL = Duration.ofSeconds(10);

  protected FlashSale flash;
  protected OrderPipeline pipeline;
  protected Orders orders;

  /** The ports of one new, empty store. */
  public record Ports(
      Inventory inventory, FlashSale flash, OrderPipeline pipeline, Orders orders) {}

  protected abstract Ports newPorts(MutableClock clock);

  /**
   * Whether the store opens a lottery event's stock: one that sells first-come events only does
   * not.
   */
  protected boolean opensLotteries() {
    return true;
  }

  @BeforeEach
  final void openPorts() {
    Ports ports = newPorts(clock);
    inventory = ports.inventory();
    flash = ports.flash();
    pipeline = ports.pipeline();
    orders = ports.orders();
  }

  private Event flashSale(int capacity, int perUserLimit, Duration interval) {
    Event event =
        create(
            anEvent(clock.now()).onlyTypes(GA).capacity(GA, capacity).perUserLimit(perUserLimit));
    assertThat(flash.configure(event.id(), new FlashTerms(0, interval))).isTrue();
    return event;
  }

  private PurchaseResult buy(Event event, UserId user, int quantity) {
    return flash.purchase(
        HoldRequest.openSale(event.id(), user, GA, new Quantity(quantity)), clock.now());
  }

  private static Order accepted(PurchaseResult result) {
    assertThat(result).isInstanceOf(PurchaseResult.Accepted.class);
    return ((PurchaseResult.Accepted) result).order();
  }

  @Test
  void anAcceptedPurchaseIsPendingUntilThePipelineConfirmsIt() {
    Event event = flashSale(10, 2, INTERVAL);
    Order order = accepted(buy(event, user("ann"), 2));
    assertThat(order.quantity()).isEqualTo(2);
    assertThat(stockOf(event, GA).available()).isEqualTo(8);

    pipeline.finalise(clock.now());

    assertThat(orders.find(order.id())).contains(order);
    assertThat(pipeline.find(order.id())).isEmpty();
    TypeStock stock = stockOf(event, GA);
    assertThat(stock.sold()).isEqualTo(2);
    assertThat(stock.held()).isZero();
    assertThat(pipeline.depth()).isZero();
  }

  @Test
  void aPendingOrderIsShownAsPendingToItsReader() {
    Event event = flashSale(10, 2, INTERVAL);
    Order order = accepted(buy(event, user("ann"), 1));
    // The pipeline may have finalised it already: then the orders have it.
    OrderState seen =
        pipeline
            .find(order.id())
            .or(() -> orders.find(order.id()).map(OrderState.Confirmed::new))
            .orElseThrow();
    assertThat(seen.order()).isEqualTo(order);
    assertThat(seen).isInstanceOfAny(OrderState.Pending.class, OrderState.Confirmed.class);
  }

  @Test
  void finalisingAgainPlacesNothingTwice() {
    Event event = flashSale(10, 2, INTERVAL);
    Order order = accepted(buy(event, user("ann"), 1));
    pipeline.finalise(clock.now());
    pipeline.finalise(clock.now());
    assertThat(orders.byUser(user("ann"))).containsExactly(order);
    assertThat(stockOf(event, GA).sold()).isEqualTo(1);
  }

  @Test
  void theLastTenTicketsGoToExactlyTenOfTwoHundredBuyers() throws Exception {
    Event event = flashSale(10, 1, INTERVAL);
    List<PurchaseResult> results = Race.of(200, i -> buy(event, user(i), 1));
    List<Order> bought =
        results.stream()
            .filter(PurchaseResult.Accepted.class::isInstance)
            .map(r -> ((PurchaseResult.Accepted) r).order())
            .toList();
    assertThat(bought).hasSize(10);
    assertThat(results)
        .filteredOn(r -> !(r instanceof PurchaseResult.Accepted))
        .allSatisfy(
            r ->
                assertThat(((PurchaseResult.Refused) r).reason())
                    .isInstanceOf(HoldResult.SoldOut.class));
    pipeline.finalise(clock.now());
    for (Order order : bought) {
      assertThat(orders.find(order.id())).contains(order);
    }
    TypeStock stock = stockOf(event, GA);
    assertThat(stock.sold()).isEqualTo(10);
    assertThat(stock.available() + stock.held() + stock.sold()).isEqualTo(10);
  }

  @Test
  void oneUserRacingAgainstThemselfGetsOneAttempt() throws Exception {
    Event event = flashSale(100, 5, INTERVAL);
    List<PurchaseResult> results = Race.of(50, i -> buy(event, user("bot"), 1));
    assertThat(results).filteredOn(PurchaseResult.Accepted.class::isInstance).hasSize(1);
    assertThat(results).filteredOn(PurchaseResult.TooSoon.class::isInstance).hasSize(49);
    assertThat(stockOf(event, GA).available()).isEqualTo(99);
  }

  @Test
  void aSecondAttemptWithinTheIntervalIsTooSoonAndChangesNothing() {
    Event event = flashSale(10, 4, INTERVAL);
    Instant first = clock.now();
    accepted(buy(event, user("ann"), 1));
    clock.advance(Duration.ofSeconds(9));

    PurchaseResult again = buy(event, user("ann"), 1);

    assertThat(again).isEqualTo(new PurchaseResult.TooSoon(first.plus(INTERVAL)));
    assertThat(stockOf(event, GA).available()).isEqualTo(9);
    clock.advance(Duration.ofSeconds(1));
    accepted(buy(event, user("ann"), 1));
  }

  @Test
  void anAttemptRefusedForTheStockStillCounts() {
    Event event = flashSale(2, 4, INTERVAL);
    accepted(buy(event, user("ann"), 1));
    assertThat(buy(event, user("bob"), 2))
        .isEqualTo(new PurchaseResult.Refused(new HoldResult.SoldOut(GA, 1)));
    assertThat(buy(event, user("bob"), 1)).isInstanceOf(PurchaseResult.TooSoon.class);
  }

  @Test
  void anAttemptBeforeTheSaleOpensDoesNotCount() {
    Instant now = clock.now();
    Event event =
        create(
            anEvent(now)
                .saleWindow(now.plusSeconds(60), now.plus(Duration.ofDays(1)))
                .onlyTypes(GA)
                .capacity(GA, 10));
    assertThat(flash.configure(event.id(), new FlashTerms(0, INTERVAL))).isTrue();

    PurchaseResult early = buy(event, user("ann"), 1);

    assertThat(early).isInstanceOf(PurchaseResult.Refused.class);
    assertThat(((PurchaseResult.Refused) early).reason()).isInstanceOf(HoldResult.SaleClosed.class);
    clock.advance(Duration.ofSeconds(60));
    accepted(buy(event, user("ann"), 1));
  }

  @Test
  void noIntervalLetsAUserBuyAgainAtOnceUpToTheLimit() {
    Event event = flashSale(10, 2, Duration.ZERO);
    accepted(buy(event, user("ann"), 1));
    accepted(buy(event, user("ann"), 1));
    PurchaseResult third = buy(event, user("ann"), 1);
    assertThat(((PurchaseResult.Refused) third).reason())
        .isEqualTo(new HoldResult.LimitReached(2, 2));
  }

  @Test
  void theLimitCountsHoldsAndPurchasesTogether() {
    Event event = flashSale(10, 2, Duration.ZERO);
    hold(event, user("ann"), GA, 1);
    PurchaseResult two = buy(event, user("ann"), 2);
    assertThat(((PurchaseResult.Refused) two).reason())
        .isEqualTo(new HoldResult.LimitReached(2, 1));
    accepted(buy(event, user("ann"), 1));
    assertThat(tryHold(event, user("ann"), GA, 1)).isInstanceOf(HoldResult.LimitReached.class);
    pipeline.finalise(clock.now());
    assertThat(tryHold(event, user("ann"), GA, 1)).isInstanceOf(HoldResult.LimitReached.class);
  }

  @Test
  void aSoldOutTypeIsKnownWithoutADecisionUntilAHoldCouldExpire() {
    Event event = flashSale(2, 2, Duration.ZERO);
    assertThat(flash.soldOut(event.id(), GA, clock.now())).isFalse();
    Hold hold = hold(event, user("ann"), GA, 1);
    accepted(buy(event, user("bob"), 1));
    assertThat(flash.soldOut(event.id(), GA, clock.now())).isTrue();
    assertThat(buy(event, user("cat"), 1))
        .isEqualTo(new PurchaseResult.Refused(new HoldResult.SoldOut(GA, 0)));

    // The hold runs out: its ticket is back for the next decision, whether or not one ran.
    clock.advance(Duration.between(clock.now(), hold.expiresAt()));

    assertThat(flash.soldOut(event.id(), GA, clock.now())).isFalse();
    accepted(buy(event, user("cat"), 1));
  }

  @Test
  void pendingOrdersNeverExpire() {
    Event event = flashSale(1, 1, Duration.ZERO);
    Order order = accepted(buy(event, user("ann"), 1));
    clock.advance(Duration.ofHours(2));
    inventory.expire(clock.now());
    pipeline.finalise(clock.now());
    assertThat(orders.find(order.id())).contains(order);
    assertThat(stockOf(event, GA).sold()).isEqualTo(1);
  }

  @Test
  void aLotteryEventSellsNothingByPurchase() {
    assumeTrue(opensLotteries(), "this store sells no lottery");
    Event lottery = create(anEvent(clock.now()).mode(SaleMode.LOTTERY).onlyTypes(GA));
    PurchaseResult result =
        flash.purchase(
            HoldRequest.openSale(lottery.id(), user("ann"), GA, new Quantity(1)), clock.now());
    assertThat(((PurchaseResult.Refused) result).reason())
        .isInstanceOf(HoldResult.NotEntitled.class);
  }

  @Test
  void termsAreKeptPerEventAndUnknownEventsRefused() {
    Event event = flashSale(10, 2, INTERVAL);
    assertThat(flash.terms(event.id())).contains(new FlashTerms(0, INTERVAL));
    Event other = create(anEvent(clock.now()).onlyTypes(GA));
    assertThat(flash.terms(other.id())).isEmpty();
    assertThat(flash.configure(new EventId("nowhere"), FlashTerms.DEFAULT)).isFalse();
    PurchaseResult unknown =
        flash.purchase(
            HoldRequest.openSale(new EventId("nowhere"), user("ann"), GA, new Quantity(1)),
            clock.now());
    assertThat(((PurchaseResult.Refused) unknown).reason())
        .isInstanceOf(HoldResult.UnknownEvent.class);
  }

  @Test
  void everyOrderOfACrowdIsConfirmedOnce() throws Exception {
    Event event = flashSale(300, 1, INTERVAL);
    List<PurchaseResult> results = Race.of(300, i -> buy(event, user(i), 1));
    pipeline.finalise(clock.now());
    Set<Order> placed = new HashSet<>();
    for (PurchaseResult result : results) {
      Order order = accepted(result);
      assertThat(orders.find(order.id())).contains(order);
      placed.add(order);
    }
    assertThat(placed).hasSize(300);
    assertThat(stockOf(event, GA).sold()).isEqualTo(300);
  }
}
