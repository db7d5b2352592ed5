package dev.boxoffice.core.inventory;

import dev.boxoffice.core.Ids;
import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.EventId;
import java.time.Instant;

/**
 * Identifies a hold: {@code <eventId>.<key>}. The event is part of the id so that any store can go
 * from a hold straight to the one event whose lock or script decides it, without a global index.
 */
public record HoldId(String value) {
  public HoldId {
    InvalidValueException.require(value != null, "holdId", "is required");
    int dot = value.indexOf('.');
    InvalidValueException.require(
        dot > 0
            && Ids.wellFormed(value.substring(0, dot))
            && Ids.wellFormed(value.substring(dot + 1)),
        "holdId",
        "must be <eventId>.<key>, each 1-64 URL-safe chars");
  }

  /**
   * A new hold id for the event, made at {@code now}: ids of one event sort in the order they were
   * made ({@link Ids#timeOrdered}), which keeps a durable store's unique index on them appending.
   */
  public static HoldId random(EventId event, Instant now) {
    return new HoldId(event.value() + "." + Ids.timeOrdered("h", now));
  }

  /**
   * The smallest id {@link #random} can make for the event at {@code at} or later: the ids of holds
   * made before it sort before it.
   */
  public static HoldId firstAt(EventId event, Instant at) {
    return new HoldId(event.value() + "." + Ids.timeOrderedFrom("h", at));
  }

  /** The event this hold belongs to. */
  public EventId event() {
    return new EventId(value.substring(0, value.indexOf('.')));
  }

  @Override
  public String toString() {
    return value;
  }
}
