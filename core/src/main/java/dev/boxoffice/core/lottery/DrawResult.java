package dev.boxoffice.core.lottery;

import dev.boxoffice.core.event.EventId;
import java.time.Instant;

/** The outcome of asking for a lottery's draw. */
public sealed interface DrawResult {
  /** The draw has run: now ({@code again} false) or before, with the same winners. */
  record Drawn(DrawSummary summary, boolean again) implements DrawResult {}

  /** Registration is still open: the entrant set is not final. */
  record RegistrationOpen(Instant closesAt) implements DrawResult {}

  record UnknownLottery(EventId event) implements DrawResult {}
}
