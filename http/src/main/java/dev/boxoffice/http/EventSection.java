package dev.boxoffice.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import java.time.Instant;
import java.util.Optional;

/**
 * A feature's part of any event in the catalog, whatever its sale mode (a waiting room under {@code
 * waitingRoom}): its own section of {@code POST /v1/events}, set up once the event is open, and
 * what it shows in the event's view. A feature registers one with {@link Routes#section}; the
 * catalog's routes never need to know it.
 */
public interface EventSection {
  /** The JSON field of the section, such as {@code waitingRoom}. */
  String field();

  /**
   * Checks the section of {@code event}, before anything is opened, so that a bad section refuses
   * the whole event.
   *
   * @throws ProblemException naming the field, for a bad section
   */
  void check(Event event, JsonNode section, Instant now);

  /** Sets the section up on {@code event}, whose stock has just been opened. */
  void open(Event event, JsonNode section, Instant now);

  /** The section as the event's view shows it, if the event has one. */
  Optional<Object> view(EventId event);
}
