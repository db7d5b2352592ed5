package dev.boxoffice.core.order;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.VIP;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.testing.PortContract;
import dev.boxoffice.core.testing.TestEvents;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link Orders} port: every completed hold is one order, readable by id at
 * once, and listed for its owner only, oldest first.
 */
public abstract class OrdersContract extends PortContract {

  private Orders orders() {
    return stores.orders();
  }

  @Test
  void aCompletedOrderCanBeFoundByItsId() {
    Event event = create(anEvent(clock.now()));
    Order order = complete(hold(event, user(1), VIP, 2));

    assertThat(orders().find(order.id())).contains(order);
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
    assertThat(orders().find(OrderId.random())).isEmpty();
  }

  @Test
  void aUserWithoutOrdersHasAnEmptyList() {
    Event event = create(anEvent(clock.now()));
    complete(hold(event, user(1), GA, 1));

    assertThat(orders().byUser(user(2))).isEmpty();
  }

  @Test
  void ordersAreListedForTheirOwnerOnly() {
    Event event = create(anEvent(clock.now()));
    Order mine1 = complete(hold(event, user(1), GA, 1));
    Order theirs = complete(hold(event, user(2), GA, 1));
    Order mine2 = complete(hold(event, user(1), VIP, 1));

    assertThat(orders().byUser(user(1))).containsExactly(mine1, mine2);
    assertThat(orders().byUser(user(2))).containsExactly(theirs);
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

    assertThat(orders().byUser(user(1))).containsExactly(oldest, middle, newest);
  }

  @Test
  void completingAgainListsTheOrderOnce() {
    Event event = create(anEvent(clock.now()));
    Hold hold = hold(event, user(1), GA, 2);
    Order order = complete(hold);

    stores.inventory().complete(hold.id(), user(1), clock.now());

    assertThat(orders().byUser(user(1))).containsExactly(order);
  }

  @Test
  void releasedAndExpiredHoldsMakeNoOrder() {
    Event event = create(anEvent(clock.now()));
    Hold released = hold(event, user(1), GA, 1);
    hold(event, user(1), GA, 1);
    stores.inventory().release(released.id(), user(1), clock.now());
    clock.advance(TestEvents.DEFAULT_HOLD_TTL);
    stores.inventory().expire(clock.now());

    assertThat(orders().byUser(user(1))).isEmpty();
  }
}
