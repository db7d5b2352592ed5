package dev.boxoffice.core.event;

import dev.boxoffice.core.Ids;
import dev.boxoffice.core.InvalidValueException;

/** Identifies an event. URL-safe, 1 to 64 characters. */
public record EventId(String value) {
  public EventId {
    InvalidValueException.require(Ids.wellFormed(value), "eventId", "must be 1-64 URL-safe chars");
  }

  public static EventId random() {
    return new EventId(Ids.random("ev_"));
  }

  @Override
  public String toString() {
    return value;
  }
}
