package dev.boxoffice.core.order;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.VIP;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.LedgerModel;
import dev.boxoffice.core.inventory.LedgerModel.Op;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.PurchaseContract;
import dev.boxoffice.core.testing.Race;
import dev.boxoffice.core.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link Orders} port: every completed hold becomes exactly one order, found by
 * its id and listed for its owner only, oldest first, and nothing else ever becomes one.
 *
 * <p>An adapter may make an order readable some time after the completion that made it was
 * acknowledged (an order pipeline behind a broker does), so every read that follows a completion
 * waits for the order with Awaitility, up to {@link #READABLE_WITHIN}; what must never show up is
 * checked after the same wait.
 */
public abstract class OrdersContract extends PurchaseContract {
  /** How long an adapter may take to make an acknowledged order readable. */
  protected static final Duration READABLE_WITHIN = Duration.ofSeconds(5);

  private Orders orders;

  /** The orders of an inventory: completions go in through one, reads come out of the other. */
  public record Ports(Inventory inventory, Orders orders) {}

  /** A new, empty inventory and the orders it makes; register closeables with closeAfter. */
  protected abstract Ports newPorts(MutableClock clock);

  @BeforeEach
  final void openPorts() {
    Ports ports = newPorts(clock);
    inventory = ports.inventory();
    orders = ports.orders();
  }

  /** Waits for a read that may come late: checked at once, then every 10 ms. */
  private static ConditionFactory eventually() {
    return await()
        .atMost(READABLE_WITHIN)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10));
  }

  private List<Order> eventuallyListed(UserId user, int count) {
    return eventually().until(() -> orders.byUser(user), list -> list.size() >= count);
  }

  /** What is listed for {@code user} once anything that could become readable would have. */
  private List<Order> settledList(UserId user, Order last) {
    eventually().until(() -> orders.find(last.id()).isPresent());
    return orders.byUser(user);
  }

  @Test
  void aCompletedOrderCanBeFoundByItsId() {
    Event event = create(anEvent(clock.now()));
    Order order = complete(hold(event, user(1), VIP, 2));

    assertThat(eventually().until(() -> orders.find(order.id()), o -> o.isPresent()))
        .contains(order);
  }

  @Test
  void anOrdersTotalIsThePriceTimesTheQuantity() {
    Event event = create(anEvent(clock.now()));

    Order order = complete(hold(event, user(1), VIP, 3));

    assertThat(order.total()).isEqualTo(new Money(3 * TestEvents.VIP_PRICE_MINOR, "EUR"));
    assertThat(order.quantity()).isEqualTo(3);
  }

  @Test
  void anUnknownOrderIsNotFound() {
    assertThat(orders.find(OrderId.random())).isEmpty();
  }

  @Test
  void aUserWithoutOrdersHasAnEmptyList() {
    Event event = create(anEvent(clock.now()));
    Order theirs = complete(hold(event, user(1), GA, 1));

    assertThat(settledList(user(2), theirs)).isEmpty();
  }

  @Test
  void ordersAreListedForTheirOwnerOnly() {
    Event event = create(anEvent(clock.now()));
    Order mine1 = complete(hold(event, user(1), GA, 1));
    Order theirs = complete(hold(event, user(2), GA, 1));
    Order mine2 = complete(hold(event, user(1), VIP, 1));

    assertThat(eventuallyListed(user(1), 2)).containsExactly(mine1, mine2);
    assertThat(eventuallyListed(user(2), 1)).containsExactly(theirs);
  }

  @Test
  void aUsersOrdersAcrossEventsAreListedOldestFirst() {
    Event first = create(anEvent(clock.now()));
    Event second = create(anEvent(clock.now()));
    Hold a = hold(first, user(1), GA, 1);
    Hold b = hold(second, user(1), GA, 1);
    Hold c = hold(first, user(1), VIP, 1);

    Order oldest = complete(a);
    clock.advance(Duration.ofSeconds(1));
    Order middle = complete(b);
    clock.advance(Duration.ofSeconds(1));
    Order newest = complete(c);

    assertThat(eventuallyListed(user(1), 3)).containsExactly(oldest, middle, newest);
  }

  @Test
  void completingAgainListsTheOrderOnce() {
    Event event = create(anEvent(clock.now()));
    Hold hold = hold(event, user(1), GA, 2);
    Order order = complete(hold);

    inventory.complete(hold.id(), user(1), clock.now());

    assertThat(settledList(user(1), order)).containsExactly(order);
  }

  @Test
  void thirtyTwoCompletionsOfOneHoldListOneOrder() throws Exception {
    Event event = create(anEvent(clock.now()));
    Hold hold = hold(event, user(1), GA, 3);
    Instant now = clock.now();

    List<CompleteResult> results =
        Race.onPlatformThreads(32, i -> inventory.complete(hold.id(), user(1), now));

    Order order = ((CompleteResult.Completed) results.get(0)).order();
    assertThat(settledList(user(1), order)).containsExactly(order);
  }

  @Test
  void releasedAndExpiredHoldsMakeNoOrder() {
    Event event = create(anEvent(clock.now()));
    Hold released = hold(event, user(1), GA, 1);
    hold(event, user(1), GA, 1);
    inventory.release(released.id(), user(1), clock.now());
    clock.advance(TestEvents.DEFAULT_HOLD_TTL);
    inventory.expire(clock.now());
    Order marker = complete(hold(event, user(1), VIP, 1));

    assertThat(settledList(user(1), marker)).containsExactly(marker);
  }

  @Provide
  Arbitrary<List<Op>> operations() {
    return LedgerModel.operations();
  }

  /**
   * Random sequences of holds, completions, releases, clock moves and expiries: in the end, every
   * user's orders are exactly those the model says were acknowledged, no more, no fewer.
   */
  @Property(tries = 50)
  void everyAcknowledgedCompletionAndNothingElseIsAnOrder(@ForAll("operations") List<Op> ops)
      throws Exception {
    MutableClock time = new MutableClock();
    try {
      Ports ports = newPorts(time);
      Event event = LedgerModel.event(time.now());
      assertThat(ports.inventory().setUp(event)).isTrue();
      LedgerModel model = new LedgerModel(event);
      for (Op op : ops) {
        model.step(op, time, ports.inventory(), false);
      }
      for (int u = 0; u < LedgerModel.USERS; u++) {
        UserId who = LedgerModel.user(u);
        List<Order> expected = model.ordersOf(who);
        assertThat(
                eventually()
                    .until(() -> ports.orders().byUser(who), l -> l.size() >= expected.size()))
            .isEqualTo(expected);
      }
    } finally {
      closeWhatWasOpened();
    }
  }
}
