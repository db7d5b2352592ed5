package dev.boxoffice.core.waitingroom;

import dev.boxoffice.core.InvalidValueException;
import java.time.Duration;
import java.time.Instant;

/**
 * How an event's waiting room runs: while {@code enabled}, users may join from {@code
 * queueOpensAt}; those who join before the sale opens wait in a pre-queue that is shuffled once
 * when it opens, later ones line up behind them; users are admitted {@code admissionRatePerSecond}
 * a second, never more than {@code maxActiveShoppers} shopping at once, each for {@code accessTtl};
 * while {@code paused}, nobody is admitted.
 *
 * <p>Immutable; every field is checked here, each named as its JSON field.
 */
public record RoomTerms(
    boolean enabled,
    Instant queueOpensAt,
    double admissionRatePerSecond,
    int maxActiveShoppers,
    Duration accessTtl,
    boolean paused) {

  public static final Duration DEFAULT_ACCESS_TTL = Duration.ofSeconds(180);
  public static final Duration MIN_ACCESS_TTL = Duration.ofSeconds(10);
  public static final Duration MAX_ACCESS_TTL = Duration.ofHours(1);
  public static final double MAX_RATE = 100_000;
  public static final int MAX_ACTIVE = 10_000_000;

  public RoomTerms {
    InvalidValueException.present(queueOpensAt, "waitingRoom.queueOpensAt");
    InvalidValueException.require(
        admissionRatePerSecond >= 0.01 && admissionRatePerSecond <= MAX_RATE,
        "waitingRoom.admissionRatePerSecond",
        "must be between 0.01 and " + (long) MAX_RATE);
    InvalidValueException.require(
        maxActiveShoppers >= 1 && maxActiveShoppers <= MAX_ACTIVE,
        "waitingRoom.maxActiveShoppers",
        "must be between 1 and " + MAX_ACTIVE);
    InvalidValueException.present(accessTtl, "waitingRoom.accessTtlSeconds");
    InvalidValueException.require(
        accessTtl.compareTo(MIN_ACCESS_TTL) >= 0 && accessTtl.compareTo(MAX_ACCESS_TTL) <= 0,
        "waitingRoom.accessTtlSeconds",
        "must be between " + MIN_ACCESS_TTL.toSeconds() + " and " + MAX_ACCESS_TTL.toSeconds());
  }

  /** These terms, paused or not. */
  public RoomTerms paused(boolean paused) {
    return new RoomTerms(
        enabled, queueOpensAt, admissionRatePerSecond, maxActiveShoppers, accessTtl, paused);
  }
}
