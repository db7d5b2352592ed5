package dev.boxoffice.core.lottery;

import dev.boxoffice.core.inventory.HoldId;
import java.time.Instant;

/** Where a user stands in a lottery. */
public sealed interface Standing {
  /** The status as published: {@code PENDING}, {@code WON}, and so on. */
  String status();

  /** No entry from this user (or no such lottery). */
  record NotEntered() implements Standing {
    @Override
    public String status() {
      return "NOT_ENTERED";
    }
  }

  /** Entered; the draw has not run. */
  record Pending() implements Standing {
    @Override
    public String status() {
      return "PENDING";
    }
  }

  /** Offered tickets: the hold to complete, and until when. */
  record Won(HoldId offer, Instant expiresAt) implements Standing {
    @Override
    public String status() {
      return "WON";
    }
  }

  /** Drawn onto the waitlist and not offered tickets yet; {@code position} 1 is next. */
  record Waitlisted(int position) implements Standing {
    @Override
    public String status() {
      return "WAITLISTED";
    }
  }

  /** Entered and not drawn. */
  record Lost() implements Standing {
    @Override
    public String status() {
      return "LOST";
    }
  }
}
