package dev.boxoffice.core.sale;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.inventory.Inventory;
import java.time.Instant;

/**
 * Puts events on sale: the event goes into the catalog ({@link Events}) and its stock is opened in
 * the {@link Inventory}, two ports that one deployment may keep in different stores. The stock is
 * opened first, so an event is never listed without tickets to sell; opening the same stock again
 * is harmless, so an attempt that failed between the two steps can simply be repeated.
 *
 * <p>Thread policy: thread-safe if its ports are.
 */
public final class Sales {
  private final Events events;
  private final Inventory inventory;

  public Sales(Events events, Inventory inventory) {
    this.events = events;
    this.inventory = inventory;
  }

  /**
   * Puts a new event on sale at {@code now}. Returns false, changing nothing, if its id is taken.
   *
   * @throws InvalidValueException if the event may not be created now ({@link Event#requireNew})
   */
  public boolean open(Event event, Instant now) {
    return open(event, now, () -> {});
  }

  /**
   * Puts a new event on sale at {@code now}, running {@code beforeListing} once its stock is open
   * and before it is listed: what else the event must have before anyone sees it, such as the
   * waiting room its sale goes through. Again after a failure, it runs again, so it must be
   * harmless to repeat.
   *
   * @throws InvalidValueException if the event may not be created now ({@link Event#requireNew})
   */
  public boolean open(Event event, Instant now, Runnable beforeListing) {
    event.requireNew(now);
    if (events.find(event.id()).isPresent() || !inventory.setUp(event)) {
      return false;
    }
    beforeListing.run();
    return events.create(event);
  }
}
