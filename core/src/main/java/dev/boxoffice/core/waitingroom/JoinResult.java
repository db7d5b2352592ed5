package dev.boxoffice.core.waitingroom;

import dev.boxoffice.core.event.EventId;
import java.time.Instant;

/** The outcome of joining a waiting room. Only a first {@link Joined} changed anything. */
public sealed interface JoinResult {
  /** In the room: where the user stands; {@code again} when they had joined before. */
  record Joined(QueueStanding standing, boolean again) implements JoinResult {}

  /** The queue opens at {@code opensAt}. */
  record NotOpenYet(Instant opensAt) implements JoinResult {}

  /** The event has no waiting room, or it is not enabled. */
  record NoRoom(EventId event) implements JoinResult {}
}
