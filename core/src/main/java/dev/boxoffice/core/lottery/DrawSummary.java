package dev.boxoffice.core.lottery;

import java.time.Instant;
import java.util.Objects;

/**
 * What a lottery publishes about its draw once it has run: enough, with the entrant list, to
 * recompute it ({@link Draw}). The seed, secret until now, is revealed here.
 *
 * @param winners how many won
 * @param waitlisted how many were drawn onto the waitlist
 */
public record DrawSummary(
    Instant drawnAt,
    String algorithm,
    Seed seed,
    String entrantsDigest,
    String winnersDigest,
    String waitlistDigest,
    int entrants,
    int winners,
    int waitlisted) {
  public DrawSummary {
    Objects.requireNonNull(drawnAt, "drawnAt");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(entrantsDigest, "entrantsDigest");
    Objects.requireNonNull(winnersDigest, "winnersDigest");
    Objects.requireNonNull(waitlistDigest, "waitlistDigest");
  }

  /** The summary of {@code outcome}, drawn from {@code seed} at {@code drawnAt}. */
  public static DrawSummary of(Draw.Outcome outcome, Seed seed, Instant drawnAt) {
    return new DrawSummary(
        drawnAt,
        outcome.algorithm(),
        seed,
        outcome.entrantsDigest(),
        outcome.winnersDigest(),
        outcome.waitlistDigest(),
        outcome.entrants(),
        outcome.winners().size(),
        outcome.waitlist().size());
  }

  public String seedCommitment() {
    return seed.commitment();
  }
}
