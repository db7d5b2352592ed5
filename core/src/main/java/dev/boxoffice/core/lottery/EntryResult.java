package dev.boxoffice.core.lottery;

import dev.boxoffice.core.event.EventId;
import java.time.Instant;

/** The outcome of entering a lottery. Only {@link Entered} changed anything. */
public sealed interface EntryResult {
  record Entered(Entry entry) implements EntryResult {}

  /**
   * The user has an entry already: one per person. {@code sameToken} when it was made with the
   * token presented now, which is used up.
   */
  record AlreadyEntered(Entry entry, boolean sameToken) implements EntryResult {}

  /** Outside the registration window. */
  record RegistrationClosed(Instant opensAt, Instant closesAt) implements EntryResult {}

  record UnknownLottery(EventId event) implements EntryResult {}
}
