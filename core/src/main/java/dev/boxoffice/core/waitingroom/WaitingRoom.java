package dev.boxoffice.core.waitingroom;

import dev.boxoffice.core.Watch;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.lottery.Seed;
import java.time.Instant;
import java.util.Optional;

/**
 * Waiting rooms in front of events' sales: the line, the serving counter and the sessions it
 * admits. Every method is atomic per event and every change is durable when it returns. The room of
 * an event and its stock are decided together: while a room is enabled, the {@link
 * dev.boxoffice.core.inventory.Inventory} of the same store holds only for users whose session is
 * live ({@link QueueBook#refusal}), and a completed purchase ends its buyer's session.
 *
 * <p>Implementations keep the rules of {@link QueueBook}; the contract suite in core's test jar
 * checks them, including under concurrency.
 */
public interface WaitingRoom {
  /**
   * Sets up the room of {@code event}, whose stock the inventory has opened, shuffling its
   * pre-queue with {@code seed}; or, if it has one, changes its terms (the seed stays). Durable
   * when it returns true; false, changing nothing, if the event's stock is not open.
   *
   * @throws dev.boxoffice.core.InvalidValueException if the terms cannot run on the event
   */
  boolean configure(Event event, RoomTerms terms, Seed seed);

  /** The room's terms, if the event has a room: a cheap read, asked on every selling call. */
  Optional<RoomTerms> terms(EventId event);

  Optional<RoomStats> stats(EventId event, Instant now);

  /** Joins {@code user} to the room at {@code now}. */
  JoinResult join(EventId event, UserId user, Instant now);

  /** Where the user stands at {@code now}. */
  QueueStanding standing(EventId event, UserId user, Instant now);

  /**
   * Moves every room on to {@code now}: sessions end, the line opens, users are admitted. Stores
   * call it by themselves, often (every 50 ms in the embedded store).
   *
   * @return how many users were admitted
   */
  int admitDue(Instant now);

  /**
   * Calls {@code changed} soon after a change to {@code user}'s state: their join, their admission,
   * the end of their session by purchase, the line's opening, a change of the room's terms, a sell
   * out. Others' admissions, which move everyone's place in line, are not told: a watcher reads its
   * place on a timer of its own, so telling costs about the admission rate, not watchers times
   * admissions. Calls come on a thread of the store's, may be coalesced, and must return quickly.
   */
  Watch watch(EventId event, UserId user, Runnable changed);
}
