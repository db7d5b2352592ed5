package dev.boxoffice.core.lottery;

import dev.boxoffice.core.event.EventId;

/** What a lottery publishes about itself: before its draw, and after. */
public sealed interface LotteryStatus {
  EventId event();

  LotteryTerms terms();

  /** The SHA-256 of the seed, published from the start. */
  String seedCommitment();

  /** How many have entered. */
  int entrants();

  /** Registration open or closed, the draw yet to run. */
  record Open(EventId event, LotteryTerms terms, String seedCommitment, int entrants)
      implements LotteryStatus {}

  /** The draw has run; its summary reveals the seed. */
  record Drawn(EventId event, LotteryTerms terms, DrawSummary summary) implements LotteryStatus {
    @Override
    public String seedCommitment() {
      return summary.seedCommitment();
    }

    @Override
    public int entrants() {
      return summary.entrants();
    }
  }

  /** The status of {@code book}'s lottery, on {@code event}. */
  public static LotteryStatus of(EventId event, LotteryBook book) {
    return book.summary()
        .<LotteryStatus>map(s -> new Drawn(event, book.terms(), s))
        .orElseGet(() -> new Open(event, book.terms(), book.commitment(), book.entrants()));
  }
}
