package dev.boxoffice.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.SaleMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A sale mode's part of the catalog: its own section of an event's JSON (a lottery's terms under
 * {@code lottery}), how a new event of that mode is opened from it, and what the section shows in
 * the event's view. A feature registers one with {@link Routes#mode}; the catalog's routes hand a
 * new event of that mode to it, and never need to know the mode.
 */
public interface ModeSection {
  SaleMode mode();

  /** The JSON field of the section, such as {@code lottery}. */
  String field();

  /**
   * The values a new event of this mode takes when the body leaves them out, from its section
   * ({@code null} when the body has none).
   *
   * @throws ProblemException naming the field, for a bad section
   */
  Defaults defaults(JsonNode section);

  /**
   * Opens {@code event}, read from the body with {@link #defaults}, at {@code now}: false, changing
   * nothing, if its id is taken.
   *
   * @throws ProblemException naming the field, for a bad section or event
   */
  boolean open(Event event, JsonNode section, Instant now);

  /** The section as the event's view shows it, if the event has one. */
  Optional<Object> view(EventId event);

  /**
   * Defaults for the event's common fields: when the sale opens (it closes when the event starts)
   * and the hold time.
   */
  record Defaults(Instant saleOpensAt, Duration holdTtl) {}
}
