package dev.boxoffice.core.lottery;

import static dev.boxoffice.core.testing.InvalidValues.assertRefuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.OpenSale;
import dev.boxoffice.core.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lottery's values refuse a bad field and name it as JSON does; its rule sells to winners. */
class LotteryValuesTest {
  private static final Instant OPENS = Instant.parse("2030-06-01T18:00:00Z");
  private static final Instant CLOSES = OPENS.plusSeconds(120);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static LotteryTerms terms(
      Instant opens, Instant closes, Duration cooldown, int perWinner, Duration ttl, int waitlist) {
    return new LotteryTerms(opens, closes, cooldown, perWinner, ttl, waitlist);
  }

  @Test
  void registrationIsOpenFromItsOpeningUpToButNotIncludingItsClose() {
    LotteryTerms t = terms(OPENS, CLOSES, MINUTE, 1, MINUTE, 0);

    assertThat(t.isRegistrationOpenAt(OPENS.minusMillis(1))).isFalse();
    assertThat(t.isRegistrationOpenAt(OPENS)).isTrue();
    assertThat(t.isRegistrationOpenAt(CLOSES.minusMillis(1))).isTrue();
    assertThat(t.isRegistrationOpenAt(CLOSES)).isFalse();
    assertThat(t.drawAt()).isEqualTo(CLOSES.plus(MINUTE));
  }

  @Test
  void onlyWholeOffersWin() {
    assertThat(terms(OPENS, CLOSES, MINUTE, 4, MINUTE, 0).winnersFor(10)).isEqualTo(2);
    assertThat(terms(OPENS, CLOSES, MINUTE, 1, MINUTE, 0).winnersFor(10_000)).isEqualTo(10_000);
  }

  @Test
  void eachBadTermIsRefusedByItsJsonName() {
    assertRefuses("lottery.registerOpensAt", () -> terms(null, CLOSES, MINUTE, 1, MINUTE, 0));
    assertRefuses("lottery.registerClosesAt", () -> terms(OPENS, OPENS, MINUTE, 1, MINUTE, 0));
    assertRefuses(
        "lottery.cooldownSeconds", () -> terms(OPENS, CLOSES, MINUTE.negated(), 1, MINUTE, 0));
    assertRefuses(
        "lottery.cooldownSeconds", () -> terms(OPENS, CLOSES, Duration.ofDays(2), 1, MINUTE, 0));
    assertRefuses("lottery.ticketsPerWinner", () -> terms(OPENS, CLOSES, MINUTE, 0, MINUTE, 0));
    assertRefuses(
        "lottery.offerTtlSeconds", () -> terms(OPENS, CLOSES, MINUTE, 1, Duration.ZERO, 0));
    assertRefuses(
        "lottery.offerTtlSeconds", () -> terms(OPENS, CLOSES, MINUTE, 1, Duration.ofHours(2), 0));
    assertRefuses("lottery.waitlistSize", () -> terms(OPENS, CLOSES, MINUTE, 1, MINUTE, -1));
    assertRefuses("seed", () -> new Seed("ABC"));
    assertRefuses("place", () -> new LotteryOffer(-1));
  }

  @Test
  void theLotteryRuleLetsOnlyAnOfferHold() {
    LotteryRule rule = new LotteryRule();
    var event = TestEvents.event(OPENS);

    assertThat(rule.refusal(event, new LotteryOffer(0), OPENS)).isEmpty();
    assertThat(rule.refusal(event, new OpenSale(), OPENS))
        .get()
        .isInstanceOf(HoldResult.NotEntitled.class);
  }
}
