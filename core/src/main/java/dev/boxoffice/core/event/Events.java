package dev.boxoffice.core.event;

import java.util.List;
import java.util.Optional;

/**
 * The catalog of events. {@link #create} is durable when it returns: the event and its full stock
 * exist for every other port of the same store.
 */
public interface Events {
  /** Stores a new event with all its tickets available. Returns false if the id is taken. */
  boolean create(Event event);

  Optional<Event> find(EventId id);

  /** Every event, oldest first. */
  List<Event> list();
}
