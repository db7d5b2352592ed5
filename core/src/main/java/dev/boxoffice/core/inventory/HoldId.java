package dev.boxoffice.core.inventory;

import dev.boxoffice.core.Ids;
import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.EventId;

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

  /** A new random hold id for the event. */
  public static HoldId random(EventId event) {
    return new HoldId(event.value() + "." + Ids.random("h"));
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
