package dev.boxoffice.http.flashsale;

import dev.boxoffice.core.flashsale.FlashTerms;
import java.time.Instant;

/** The flash sale's JSON bodies, in and out. */
final class FlashViews {
  private FlashViews() {}

  /** The {@code flashSale} section of a new event, exactly as sent. */
  record TermsBody(Integer challengeDifficulty, Integer purchaseIntervalSeconds) {}

  /** The {@code flashSale} section of an event's view. */
  record TermsView(int challengeDifficulty, long purchaseIntervalSeconds) {
    static TermsView of(FlashTerms terms) {
      return new TermsView(terms.challengeDifficulty(), terms.purchaseInterval().toSeconds());
    }
  }

  /** {@code POST /v1/challenges}: the event the challenge is for, if one. */
  record ChallengeBody(String eventId) {}

  /**
   * A challenge to solve: find a {@code nonce} whose SHA-256 of {@code challenge + ":" + nonce}
   * starts with {@code difficulty} zero bits.
   */
  record ChallengeView(String challenge, String algorithm, int difficulty, Instant expiresAt) {}

  /** {@code POST /v1/events/{eventId}/purchases}. */
  record PurchaseBody(String ticketType, Integer quantity, Solution challenge) {}

  /** A solved challenge: the challenge as issued and the nonce that solves it. */
  record Solution(String challenge, String nonce) {}

  /** An accepted purchase: its order, pending. */
  record PurchaseView(String orderId, String status) {}
}
