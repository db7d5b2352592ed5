package dev.boxoffice.core.lottery;

import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldId;
import java.time.Instant;
import java.util.Objects;

/**
 * What the draw gave a user: the hold {@code hold}, which they complete like any other before
 * {@code expiresAt}, taken at their {@code place} in the draw order (winners first, then the
 * waitlist as offers lapse).
 */
public record Offer(UserId user, int place, HoldId hold, Instant expiresAt) {
  public Offer {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
