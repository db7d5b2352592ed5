package dev.boxoffice.core.waitingroom;

import java.time.Instant;
import java.util.OptionalLong;

/** Where a user stands in an event's waiting room. */
public sealed interface QueueStanding {
  /** The state as published: {@code WAITING}, {@code ADMITTED}, and so on. */
  String state();

  /** Not in this room (or no such room). */
  record NotJoined() implements QueueStanding {
    @Override
    public String state() {
      return "NOT_JOINED";
    }
  }

  /** Joined before the sale opened: a place is drawn for everyone in the pre-queue at opening. */
  record PreQueue(Instant opensAt) implements QueueStanding {
    @Override
    public String state() {
      return "PRE_QUEUE";
    }
  }

  /**
   * In line at {@code position} (1 is the first in line ever), with {@code servingUpTo} the last
   * position admitted; {@code etaSeconds} is empty while admission is paused.
   */
  record Waiting(long position, long servingUpTo, OptionalLong etaSeconds)
      implements QueueStanding {
    /** How many wait ahead of this user. */
    public long aheadOfYou() {
      return position - servingUpTo - 1;
    }

    @Override
    public String state() {
      return "WAITING";
    }
  }

  /** Admitted: may buy until {@code expiresAt}. */
  record Admitted(long position, Instant expiresAt) implements QueueStanding {
    @Override
    public String state() {
      return "ADMITTED";
    }
  }

  /** Was admitted; the session ended (its time ran out, or its purchase completed). */
  record Expired(long position) implements QueueStanding {
    @Override
    public String state() {
      return "EXPIRED";
    }
  }

  /** The event sold out before this user's turn; the room is closed. */
  record SoldOut() implements QueueStanding {
    @Override
    public String state() {
      return "SOLD_OUT";
    }
  }
}
