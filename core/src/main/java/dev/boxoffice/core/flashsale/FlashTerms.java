package dev.boxoffice.core.flashsale;

import dev.boxoffice.core.InvalidValueException;
import java.time.Duration;

/**
 * How an event's flash sale guards its purchases: the proof of work a purchase must carry (leading
 * zero bits, 0 for none) and how long a user waits between two attempts (zero for no wait).
 */
public record FlashTerms(int challengeDifficulty, Duration purchaseInterval) {
  /** Above this a browser would take minutes; nothing needs more. */
  public static final int MAX_DIFFICULTY = 28;

  public static final Duration MAX_INTERVAL = Duration.ofHours(1);

  /**
   * 14 bits (about 16,000 hashes: a fraction of a second in a browser, a millisecond or two on a
   * server core) and one attempt per 10 seconds, as the original flash sale had.
   */
  public static final FlashTerms DEFAULT = new FlashTerms(14, Duration.ofSeconds(10));

  public FlashTerms {
    InvalidValueException.require(
        challengeDifficulty >= 0 && challengeDifficulty <= MAX_DIFFICULTY,
        "flashSale.challengeDifficulty",
        "must be between 0 and " + MAX_DIFFICULTY);
    InvalidValueException.present(purchaseInterval, "flashSale.purchaseIntervalSeconds");
    InvalidValueException.require(
        !purchaseInterval.isNegative() && purchaseInterval.compareTo(MAX_INTERVAL) <= 0,
        "flashSale.purchaseIntervalSeconds",
        "must be between 0 and " + MAX_INTERVAL.toSeconds());
  }
}
