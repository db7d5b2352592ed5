package dev.boxoffice.core.lottery;

import dev.boxoffice.core.Ids;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's one entry in a lottery, made with the single-use token {@code tokenId} (the token's
 * {@code jti}) at {@code enteredAt}.
 *
 * @param id {@code <eventId>.<key>}, the key in creation order
 */
public record Entry(String id, UserId user, String tokenId, Instant enteredAt) {
  public Entry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(enteredAt, "enteredAt");
  }

  /** A new entry id for the event, made at {@code now}. */
  public static String newId(EventId event, Instant now) {
    return event.value() + "." + Ids.timeOrdered("e", now);
  }
}
