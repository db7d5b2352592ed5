package dev.boxoffice.core.flashsale;

import java.time.Instant;

/**
 * The proof-of-work challenges already redeemed, so that each is accepted once. A challenge is
 * remembered until it expires; after that its own expiry refuses it.
 *
 * <p>Implementations are thread-safe: of two concurrent redemptions of one challenge, exactly one
 * succeeds.
 */
public interface Challenges {
  /**
   * Redeems challenge {@code id}, valid until {@code expiresAt}: true the first time, while it is
   * valid at {@code now}; false once redeemed or expired.
   */
  boolean redeem(String id, Instant expiresAt, Instant now);
}
