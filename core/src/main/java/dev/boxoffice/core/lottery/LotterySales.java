package dev.boxoffice.core.lottery;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.inventory.Inventory;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * Puts lottery events on sale, as {@link dev.boxoffice.core.sale.Sales} does first-come ones: the
 * stock is opened, then the lottery with a new secret seed, then the event is listed, so an event
 * is never listed without its lottery and its seed's commitment. Each step may be repeated, so an
 * attempt that failed between two steps can simply be repeated (the lottery keeps its first seed).
 *
 * <p>Thread policy: thread-safe if its ports are.
 */
public final class LotterySales {
  private final Events events;
  private final Inventory inventory;
  private final Lottery lottery;
  private final SecureRandom random = new SecureRandom();

  public LotterySales(Events events, Inventory inventory, Lottery lottery) {
    this.events = events;
    this.inventory = inventory;
    this.lottery = lottery;
  }

  /**
   * Puts a new {@code LOTTERY} event on sale at {@code now}, run by {@code terms}. Returns false,
   * changing nothing, if its id is taken.
   *
   * @throws InvalidValueException if the event or its terms may not be created now
   */
  public boolean open(Event event, LotteryTerms terms, Instant now) {
    InvalidValueException.require(
        event.mode() == SaleMode.LOTTERY, "mode", "must be " + SaleMode.LOTTERY);
    event.requireNew(now);
    terms.requireNew(now, event.startsAt());
    LotteryBook.requireRunnable(event, terms);
    return events.find(event.id()).isEmpty()
        && inventory.setUp(event)
        && lottery.setUp(event, terms, Seed.random(random))
        && events.create(event);
  }
}
