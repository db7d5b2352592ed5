package dev.boxoffice.core.lottery;

import dev.boxoffice.core.InvalidValueException;
import java.time.Duration;
import java.time.Instant;

/**
 * How a lottery runs: users enter from {@code registerOpensAt} (inclusive) to {@code
 * registerClosesAt} (exclusive); the draw runs {@code cooldown} after the close; each winner may
 * buy {@code ticketsPerWinner} tickets within {@code offerTtl} of being offered them; up to {@code
 * waitlistSize} entrants after the winners wait, in draw order, for offers that lapse; the entrant
 * list is published as {@code entrantList} says.
 *
 * <p>Immutable; every field is checked here, each named as its JSON field.
 */
public record LotteryTerms(
    Instant registerOpensAt,
    Instant registerClosesAt,
    Duration cooldown,
    int ticketsPerWinner,
    Duration offerTtl,
    int waitlistSize,
    EntrantList entrantList) {

  public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(60);
  public static final Duration MAX_COOLDOWN = Duration.ofDays(1);
  public static final Duration DEFAULT_OFFER_TTL = Duration.ofMinutes(10);
  public static final Duration MAX_OFFER_TTL = Duration.ofHours(1);
  public static final int MAX_TICKETS_PER_WINNER = 1000;
  public static final int MAX_WAITLIST = 10_000_000;

  /**
   * How the entrant list names entrants when it is published: by their user ids, or by pseudonyms,
   * which only the server can link to users (each entrant is told theirs).
   */
  public enum EntrantList {
    USER_IDS,
    PSEUDONYMS
  }

  /** Terms that publish the entrants by their user ids. */
  public LotteryTerms(
      Instant registerOpensAt,
      Instant registerClosesAt,
      Duration cooldown,
      int ticketsPerWinner,
      Duration offerTtl,
      int waitlistSize) {
    this(
        registerOpensAt,
        registerClosesAt,
        cooldown,
        ticketsPerWinner,
        offerTtl,
        waitlistSize,
        EntrantList.USER_IDS);
  }

  public LotteryTerms {
    InvalidValueException.present(registerOpensAt, "lottery.registerOpensAt");
    InvalidValueException.present(registerClosesAt, "lottery.registerClosesAt");
    InvalidValueException.require(
        registerOpensAt.isBefore(registerClosesAt),
        "lottery.registerClosesAt",
        "must be after lottery.registerOpensAt");
    InvalidValueException.present(cooldown, "lottery.cooldownSeconds");
    InvalidValueException.require(
        !cooldown.isNegative() && cooldown.compareTo(MAX_COOLDOWN) <= 0,
        "lottery.cooldownSeconds",
        "must be between 0 and " + MAX_COOLDOWN.toSeconds());
    InvalidValueException.require(
        ticketsPerWinner >= 1 && ticketsPerWinner <= MAX_TICKETS_PER_WINNER,
        "lottery.ticketsPerWinner",
        "must be between 1 and " + MAX_TICKETS_PER_WINNER);
    InvalidValueException.present(offerTtl, "lottery.offerTtlSeconds");
    InvalidValueException.require(
        offerTtl.compareTo(Duration.ofSeconds(1)) >= 0 && offerTtl.compareTo(MAX_OFFER_TTL) <= 0,
        "lottery.offerTtlSeconds",
        "must be between 1 and " + MAX_OFFER_TTL.toSeconds());
    InvalidValueException.require(
        waitlistSize >= 0 && waitlistSize <= MAX_WAITLIST,
        "lottery.waitlistSize",
        "must be between 0 and " + MAX_WAITLIST);
    InvalidValueException.present(entrantList, "lottery.entrantList");
  }

  /**
   * Refuses what a new lottery, created at {@code now} for an event starting at {@code startsAt},
   * may not be: one whose registration has closed, or whose draw would run after the event starts.
   *
   * @throws InvalidValueException naming the field
   */
  public void requireNew(Instant now, Instant startsAt) {
    InvalidValueException.require(
        registerClosesAt.isAfter(now), "lottery.registerClosesAt", "must be in the future");
    InvalidValueException.require(
        drawAt().isBefore(startsAt),
        "lottery.registerClosesAt",
        "the draw (registerClosesAt + cooldownSeconds) must come before the event starts");
  }

  /** Whether an entry made at {@code now} is inside the registration window. */
  public boolean isRegistrationOpenAt(Instant now) {
    return !now.isBefore(registerOpensAt) && now.isBefore(registerClosesAt);
  }

  /** When the draw runs by itself: the end of the cool-down after registration closes. */
  public Instant drawAt() {
    return registerClosesAt.plus(cooldown);
  }

  /** How many entrants win when {@code tickets} tickets are for sale: whole offers only. */
  public int winnersFor(int tickets) {
    return tickets / ticketsPerWinner;
  }
}
