package dev.boxoffice.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.order.Order;

/**
 * A contract that buys through an {@link Inventory}: short ways to open an event's stock, take
 * holds, complete them and read stock, all at the clock's now. The suite sets {@link #inventory}
 * before each test.
 */
public abstract class PurchaseContract extends PortContract {
  protected Inventory inventory;

  /** Opens the event's stock, asserting it was accepted. */
  protected Event create(Event event) {
    assertThat(inventory.setUp(event)).as("set up " + event.id()).isTrue();
    return event;
  }

  /** Opens the stock of the event the builder describes. */
  protected Event create(TestEvents.Builder event) {
    return create(event.build());
  }

  /** Asks for a hold now, by the open sale's right. */
  protected HoldResult tryHold(Event event, UserId user, TicketTypeCode type, int quantity) {
    return inventory.hold(
        HoldRequest.openSale(event.id(), user, type, new Quantity(quantity)), clock.now());
  }

  /** Takes a hold now, asserting it was granted. */
  protected Hold hold(Event event, UserId user, TicketTypeCode type, int quantity) {
    return held(tryHold(event, user, type, quantity));
  }

  /** The hold of a result that must be {@link HoldResult.Held}. */
  protected static Hold held(HoldResult result) {
    assertThat(result).isInstanceOf(HoldResult.Held.class);
    return ((HoldResult.Held) result).hold();
  }

  /** Completes the hold now as its holder, asserting a first completion. */
  protected Order complete(Hold hold) {
    CompleteResult result = inventory.complete(hold.id(), hold.user(), clock.now());
    assertThat(result).isInstanceOf(CompleteResult.Completed.class);
    CompleteResult.Completed completed = (CompleteResult.Completed) result;
    assertThat(completed.repeated()).isFalse();
    return completed.order();
  }

  /** The current stock of one ticket type of the event. */
  protected TypeStock stockOf(Event event, TicketTypeCode type) {
    return inventory.stock(event.id()).orElseThrow().of(type).orElseThrow();
  }
}
