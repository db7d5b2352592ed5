package dev.boxoffice.core.inventory;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * Ticket stock and holds. Every method is atomic per event, and every change is durable when the
 * method returns: a caller may acknowledge it to a user at once.
 *
 * <p>Implementations keep the rules of {@link EventLedger}; the contract suite in core's test jar
 * checks them, including under concurrency.
 */
public interface Inventory {
  /**
   * Opens the stock of a new event, every ticket available, under the sale rule of its mode.
   * Durable when it returns true. Again for an equal event it returns true and changes nothing, so
   * a caller may retry; false, changing nothing, if the id is open for another event or another
   * set-up of it is still being written.
   */
  boolean setUp(Event event);

  HoldResult hold(HoldRequest request, Instant now);

  /** Turns the user's live hold into an order; repeating it returns the same order. */
  CompleteResult complete(HoldId hold, UserId user, Instant now);

  ReleaseResult release(HoldId hold, UserId user, Instant now);

  /**
   * Ends every hold that expired at or before {@code now} and returns how many. Stores also do this
   * on their own, within a second of expiry; this lets callers and tests force it.
   */
  int expire(Instant now);

  Optional<Stock> stock(EventId event);
}
