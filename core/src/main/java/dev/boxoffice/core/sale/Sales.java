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
    event.requireNew(now);
    return events.find(event.id()).isEmpty() && inventory.setUp(event) && events.create(event);
  }
}
