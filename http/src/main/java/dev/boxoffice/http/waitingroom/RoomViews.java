package dev.boxoffice.http.waitingroom;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.boxoffice.core.waitingroom.QueueStanding;
import dev.boxoffice.core.waitingroom.RoomStats;
import dev.boxoffice.core.waitingroom.RoomTerms;
import java.time.Instant;

/** The waiting room's JSON bodies, in and out. */
final class RoomViews {
  private RoomViews() {}

  /**
   * The {@code waitingRoom} section of a new event, or the body of a change to it: exactly as sent,
   * every field optional.
   */
  record TermsBody(
      Boolean enabled,
      String queueOpensAt,
      Double admissionRatePerSecond,
      Integer maxActiveShoppers,
      Integer accessTtlSeconds,
      Boolean paused) {}

  /** The {@code waitingRoom} section of an event's view. */
  record TermsView(
      boolean enabled,
      Instant queueOpensAt,
      double admissionRatePerSecond,
      int maxActiveShoppers,
      long accessTtlSeconds,
      boolean paused) {
    static TermsView of(RoomTerms t) {
      return new TermsView(
          t.enabled(),
          t.queueOpensAt(),
          t.admissionRatePerSecond(),
          t.maxActiveShoppers(),
          t.accessTtl().toSeconds(),
          t.paused());
    }
  }

  /** A room as its admins see it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record StatsView(
      TermsView terms,
      String seedCommitment,
      Instant openedAt,
      String seed,
      String orderDigest,
      String algorithm,
      int preQueue,
      long waiting,
      long admitted,
      long servingUpTo,
      long active,
      double measuredAdmissionRatePerSecond,
      boolean soldOut) {
    static StatsView of(RoomStats s, String algorithm) {
      return new StatsView(
          TermsView.of(s.terms()),
          s.seedCommitment(),
          s.openedAt().orElse(null),
          s.seed().map(seed -> seed.hex()).orElse(null),
          s.orderDigest().orElse(null),
          algorithm,
          s.preQueue(),
          s.waiting(),
          s.servingUpTo(),
          s.servingUpTo(),
          s.active(),
          Math.round(s.measuredRatePerSecond() * 100) / 100.0,
          s.soldOut());
    }
  }

  /**
   * Where a user stands: {@code position}, {@code aheadOfYou}, {@code servingUpTo} and {@code
   * etaSeconds} while in line; {@code accessToken} and {@code accessExpiresAt} once admitted; the
   * {@code queueToken} when joining.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record StatusView(
      String state,
      Long position,
      Long aheadOfYou,
      Long servingUpTo,
      Long etaSeconds,
      Instant saleOpensAt,
      String accessToken,
      Instant accessExpiresAt,
      String queueToken) {
    static StatusView of(QueueStanding standing, String accessToken) {
      return switch (standing) {
        case QueueStanding.Waiting w ->
            new StatusView(
                w.state(),
                w.position(),
                w.aheadOfYou(),
                w.servingUpTo(),
                w.etaSeconds().isPresent() ? w.etaSeconds().getAsLong() : null,
                null,
                null,
                null,
                null);
        case QueueStanding.Admitted a ->
            new StatusView(
                a.state(), a.position(), 0L, null, 0L, null, accessToken, a.expiresAt(), null);
        case QueueStanding.Expired e ->
            new StatusView(e.state(), e.position(), null, null, null, null, null, null, null);
        case QueueStanding.PreQueue p ->
            new StatusView(p.state(), null, null, null, null, p.opensAt(), null, null, null);
        case QueueStanding.NotJoined n ->
            new StatusView(n.state(), null, null, null, null, null, null, null, null);
        case QueueStanding.SoldOut s ->
            new StatusView(s.state(), null, null, null, null, null, null, null, null);
      };
    }

    StatusView withQueueToken(String token) {
      return new StatusView(
          state,
          position,
          aheadOfYou,
          servingUpTo,
          etaSeconds,
          saleOpensAt,
          accessToken,
          accessExpiresAt,
          token);
    }
  }
}
