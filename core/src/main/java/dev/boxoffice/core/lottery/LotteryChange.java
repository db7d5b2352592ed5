package dev.boxoffice.core.lottery;

/**
 * One change to a lottery's book, as a store must record it. Replaying a book's changes in order
 * onto a new book of the same lottery ({@link LotteryBook#apply}) rebuilds the same state; the
 * winners and waitlist are recomputed from the entries and the seed, not stored.
 */
public sealed interface LotteryChange {
  record Entered(Entry entry) implements LotteryChange {}

  record Drawn(DrawSummary summary) implements LotteryChange {}

  record Offered(Offer offer) implements LotteryChange {}
}
