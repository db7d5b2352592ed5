package dev.boxoffice.core.event;

import java.util.List;
import java.util.Optional;

/**
 * The catalog of events: what is on sale, not how much is left (that is the inventory's, see {@link
 * dev.boxoffice.core.inventory.Inventory#setUp}). Nothing is readable here before it is durable.
 */
public interface Events {
  /**
   * Stores a new event; durable when it returns true. False, changing nothing, if the id is taken.
   */
  boolean create(Event event);

  Optional<Event> find(EventId id);

  /** Every event, oldest first. */
  List<Event> list();
}
