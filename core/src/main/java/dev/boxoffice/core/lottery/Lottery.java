package dev.boxoffice.core.lottery;

import dev.boxoffice.core.Watch;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Lotteries: their entries, the draw and the offers it makes. Every method is atomic per event and
 * every change is durable when it returns. The offers are holds in the {@link
 * dev.boxoffice.core.inventory.Inventory} of the same store, made in the same decision as the draw,
 * and completed through it; an offer that ends unpaid passes to the next entrant on the waitlist in
 * the decision that ends it.
 *
 * <p>Implementations keep the rules of {@link LotteryBook}; the contract suite in core's test jar
 * checks them, including under concurrency.
 */
public interface Lottery {
  /**
   * Opens the lottery of {@code event}, whose stock the inventory has opened, with the committed
   * {@code seed}. Durable when it returns true. Again with equal terms it returns true and keeps
   * the first seed, so a caller may retry; false, changing nothing, if the event's stock is not
   * open or it has a lottery on other terms.
   *
   * @throws dev.boxoffice.core.InvalidValueException if the terms cannot run on the event
   */
  boolean setUp(Event event, LotteryTerms terms, Seed seed);

  Optional<LotteryStatus> status(EventId event);

  /**
   * The lottery's terms, if it has one: its status without the count of entrants, which a store may
   * have to ask for.
   */
  default Optional<LotteryTerms> terms(EventId event) {
    return status(event).map(LotteryStatus::terms);
  }

  /** Enters {@code user} with the single-use token {@code tokenId}, at {@code now}. */
  EntryResult enter(EventId event, UserId user, String tokenId, Instant now);

  /**
   * Runs the draw at {@code now}, once registration has closed; again, it answers the same draw.
   * Stores also run each draw by themselves when its cool-down ends ({@link #drawDue}).
   */
  DrawResult draw(EventId event, Instant now);

  /** Runs every draw whose cool-down has ended by {@code now}; returns how many ran. */
  int drawDue(Instant now);

  /** Where the user stands. */
  Standing standing(EventId event, UserId user);

  /**
   * Calls {@code changed} soon after anything that can change where {@code user} stands: their
   * entry, the draw, an offer passed on (which moves everyone on the waitlist up), until the watch
   * is closed. Calls come on a thread of the store's, may be coalesced, and must return quickly;
   * the watcher then reads {@link #standing}. A change of another user's entry alone is not told.
   */
  Watch watch(EventId event, UserId user, Runnable changed);

  /**
   * The name the user has in the draw and the published entrant list, if they entered: their user
   * id, or their pseudonym when the terms publish pseudonyms.
   */
  Optional<String> entrantName(EventId event, UserId user);

  /** The names the draw ran over, sorted, once it has run. */
  Optional<List<String>> entrants(EventId event);
}
