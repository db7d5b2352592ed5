package dev.boxoffice.http.lottery;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.boxoffice.core.lottery.DrawSummary;
import dev.boxoffice.core.lottery.LotteryStatus;
import dev.boxoffice.core.lottery.LotteryTerms;
import dev.boxoffice.core.lottery.Standing;
import java.time.Instant;
import java.util.Optional;

/** The lottery's JSON bodies, in and out. */
final class LotteryViews {
  private LotteryViews() {}

  /** The {@code lottery} section of a new event, exactly as sent. */
  record TermsBody(
      String registerOpensAt,
      String registerClosesAt,
      Integer cooldownSeconds,
      Integer ticketsPerWinner,
      Integer offerTtlSeconds,
      Integer waitlistSize,
      String entrantList) {}

  record EntryBody(String token) {}

  /** The {@code lottery} section of an event's view. */
  record TermsView(
      Instant registerOpensAt,
      Instant registerClosesAt,
      long cooldownSeconds,
      int ticketsPerWinner,
      long offerTtlSeconds,
      int waitlistSize,
      String entrantList,
      Instant drawAt,
      String seedCommitment,
      int entrants,
      boolean drawn) {
    static TermsView of(LotteryStatus status) {
      LotteryTerms t = status.terms();
      return new TermsView(
          t.registerOpensAt(),
          t.registerClosesAt(),
          t.cooldown().toSeconds(),
          t.ticketsPerWinner(),
          t.offerTtl().toSeconds(),
          t.waitlistSize(),
          t.entrantList().name(),
          t.drawAt(),
          status.seedCommitment(),
          status.entrants(),
          status instanceof LotteryStatus.Drawn);
    }
  }

  record TokenView(String token, Instant expiresAt) {}

  /** An entry, and the name its entrant has in the draw and the published entrant list. */
  record EntryView(String entryId, Instant enteredAt, String entrantName) {}

  record OfferView(String holdId, Instant expiresAt) {}

  /** A result; {@code entrantName} is the entrant's name in the draw, when they entered. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ResultView(String status, OfferView offer, Integer waitlistPosition, String entrantName) {
    static ResultView of(Standing standing, Optional<String> entrantName) {
      String name = entrantName.orElse(null);
      return switch (standing) {
        case Standing.Won won ->
            new ResultView(
                won.status(), new OfferView(won.offer().value(), won.expiresAt()), null, name);
        case Standing.Waitlisted w -> new ResultView(w.status(), null, w.position(), name);
        case Standing.NotEntered n -> new ResultView(n.status(), null, null, name);
        case Standing.Pending p -> new ResultView(p.status(), null, null, name);
        case Standing.Lost l -> new ResultView(l.status(), null, null, name);
      };
    }
  }

  record Counts(int entrants, Integer winners, Integer waitlisted) {}

  /** The published draw: before it runs, the commitment; after, everything to check it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record DrawView(
      String status,
      String algorithm,
      String seedCommitment,
      Instant drawAt,
      Instant drawnAt,
      String seed,
      String entrantsDigest,
      String winnersDigest,
      String waitlistDigest,
      Counts counts) {
    static DrawView of(LotteryStatus status, String algorithm) {
      return switch (status) {
        case LotteryStatus.Open open ->
            new DrawView(
                "PENDING",
                algorithm,
                open.seedCommitment(),
                open.terms().drawAt(),
                null,
                null,
                null,
                null,
                null,
                new Counts(open.entrants(), null, null));
        case LotteryStatus.Drawn drawn -> {
          DrawSummary s = drawn.summary();
          yield new DrawView(
              "DRAWN",
              s.algorithm(),
              s.seedCommitment(),
              drawn.terms().drawAt(),
              s.drawnAt(),
              s.seed().hex(),
              s.entrantsDigest(),
              s.winnersDigest(),
              s.waitlistDigest(),
              new Counts(s.entrants(), s.winners(), s.waitlisted()));
        }
      };
    }
  }
}
