package dev.boxoffice.core.waitingroom;

import dev.boxoffice.core.identity.UserId;
import java.time.Instant;

/**
 * One change to a waiting room's book, as a store must record it. Replaying a book's changes in
 * order ({@link QueueBook#apply}) rebuilds the same line, admissions and sessions; the pre-queue's
 * shuffle is recomputed from the seed, and sessions whose time ran out end by the clock.
 */
public sealed interface RoomChange {
  /** Joined: at {@code position} in line, or 0 for the pre-queue. */
  record Joined(UserId user, long position, Instant at) implements RoomChange {}

  /** The sale opened: the pre-queue was shuffled into the head of the line. */
  record Opened(Instant at) implements RoomChange {}

  /** Everyone in line from {@code from} to {@code upTo} is admitted, until {@code expiresAt}. */
  record Admitted(long from, long upTo, Instant at, Instant expiresAt) implements RoomChange {}

  /** The user's session ended early: their purchase completed. */
  record Finished(UserId user, Instant at) implements RoomChange {}

  /** Every ticket is sold: the room closes. */
  record SoldOut(Instant at) implements RoomChange {}

  /** The room's terms changed (rate, cap, pause). */
  record Retuned(RoomTerms terms) implements RoomChange {}
}
