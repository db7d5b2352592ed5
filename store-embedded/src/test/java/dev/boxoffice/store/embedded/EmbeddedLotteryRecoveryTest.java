package dev.boxoffice.store.embedded;

import static dev.boxoffice.store.embedded.StoreSamples.GA;
import static dev.boxoffice.store.embedded.StoreSamples.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.SaleWindow;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.lottery.DrawResult;
import dev.boxoffice.core.lottery.EntryResult;
import dev.boxoffice.core.lottery.Lottery;
import dev.boxoffice.core.lottery.LotteryStatus;
import dev.boxoffice.core.lottery.LotteryTerms;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.lottery.Standing;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a durable store remembers of a lottery across close() and open(): its seed, entries, draw
 * (the same winners, recomputed) and offers; and what it catches up on when it opens: a draw that
 * fell due, an offer that lapsed while it was down.
 */
@Timeout(60)
class EmbeddedLotteryRecoveryTest {
  private static final Duration OFFER_TTL = Duration.ofMinutes(10);
  private static final Duration REGISTRATION = Duration.ofMinutes(2);
  private static final Duration COOLDOWN = Duration.ofMinutes(1);
  private static final int ENTRANTS = 40;

  @TempDir Path dir;

  private final StoreSamples.HandClock clock = new StoreSamples.HandClock();
  private EmbeddedStore store;

  private Lottery open() {
    store = EmbeddedStore.open(dir, clock, JournalSync.FULL, JournalListener.NONE);
    return store.stores().lottery();
  }

  private Lottery reopen() {
    store.close();
    return open();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /** A lottery of {@code capacity} tickets with a waitlist of 3, and {@link #ENTRANTS} entries. */
  private Event lotteryWithEntries(Lottery lottery, int capacity) {
    return lotteryWithEntries(lottery, capacity, LotteryTerms.EntrantList.USER_IDS);
  }

  private Event lotteryWithEntries(
      Lottery lottery, int capacity, LotteryTerms.EntrantList entrantList) {
    Event event =
        new Event(
            new EventId("draw-night"),
            "Draw night",
            "Royal Hall",
            NOW.plus(Duration.ofDays(30)),
            new SaleWindow(NOW, NOW.plus(Duration.ofDays(1))),
            OFFER_TTL,
            1,
            SaleMode.LOTTERY,
            List.of(new TicketType(GA, "General admission", new Money(4_500, "EUR"), capacity)));
    StoreSamples.putOnSale(store, event);
    LotteryTerms terms =
        new LotteryTerms(NOW, NOW.plus(REGISTRATION), COOLDOWN, 1, OFFER_TTL, 3, entrantList);
    assertThat(lottery.setUp(event, terms, Seed.random(new SecureRandom()))).isTrue();
    for (int i = 0; i < ENTRANTS; i++) {
      assertThat(lottery.enter(event.id(), user(i), "t" + i, clock.instant()))
          .isInstanceOf(EntryResult.Entered.class);
    }
    return event;
  }

  private static UserId user(int i) {
    return new UserId("fan-" + i);
  }

  private static Map<UserId, Standing> standings(Lottery lottery, Event event) {
    Map<UserId, Standing> out = new LinkedHashMap<>();
    for (int i = 0; i < ENTRANTS; i++) {
      out.put(user(i), lottery.standing(event.id(), user(i)));
    }
    return out;
  }

  @Test
  void entriesAndTheCommittedSeedSurviveARestart() {
    Lottery lottery = open();
    Event event = lotteryWithEntries(lottery, 5);
    String commitment = lottery.status(event.id()).orElseThrow().seedCommitment();

    lottery = reopen();

    LotteryStatus status = lottery.status(event.id()).orElseThrow();
    assertThat(status.seedCommitment()).isEqualTo(commitment);
    assertThat(status.entrants()).isEqualTo(ENTRANTS);
    assertThat(lottery.enter(event.id(), user(3), "again", clock.instant()))
        .isInstanceOf(EntryResult.AlreadyEntered.class);
  }

  @Test
  void aDrawnLotteryHasTheSameWinnersOffersAndWaitlistAfterARestart() {
    Lottery lottery = open();
    Event event = lotteryWithEntries(lottery, 5);
    clock.advance(REGISTRATION);
    DrawResult drawn = lottery.draw(event.id(), clock.instant());
    Map<UserId, Standing> before = standings(lottery, event);
    List<String> entrants = lottery.entrants(event.id()).orElseThrow();

    lottery = reopen();

    assertThat(lottery.draw(event.id(), clock.instant()))
        .isEqualTo(new DrawResult.Drawn(((DrawResult.Drawn) drawn).summary(), true));
    assertThat(standings(lottery, event)).isEqualTo(before);
    assertThat(lottery.entrants(event.id())).contains(entrants);
    assertThat(lottery.entrantName(event.id(), user(7))).contains("fan-7");
    assertThat(before.values()).filteredOn(Standing.Won.class::isInstance).hasSize(5);
  }

  @Test
  void pseudonymsAreTheSameAfterARestartAndTheDrawRunsOverThem() {
    Lottery lottery = open();
    Event event = lotteryWithEntries(lottery, 5, LotteryTerms.EntrantList.PSEUDONYMS);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < ENTRANTS; i++) {
      names.add(lottery.entrantName(event.id(), user(i)).orElseThrow());
    }

    lottery = reopen();
    clock.advance(REGISTRATION);
    lottery.draw(event.id(), clock.instant());

    for (int i = 0; i < ENTRANTS; i++) {
      assertThat(lottery.entrantName(event.id(), user(i))).contains(names.get(i));
    }
    assertThat(lottery.entrants(event.id()).orElseThrow())
        .containsExactlyInAnyOrderElementsOf(names);
    assertThat(standings(lottery, event).values())
        .filteredOn(Standing.Won.class::isInstance)
        .hasSize(5);
  }

  @Test
  void aDrawThatFellDueWhileTheStoreWasDownRunsWhenItOpens() {
    Lottery lottery = open();
    Event event = lotteryWithEntries(lottery, 5);
    store.close();
    clock.advance(REGISTRATION.plus(COOLDOWN));

    lottery = open();

    assertThat(lottery.status(event.id()).orElseThrow()).isInstanceOf(LotteryStatus.Drawn.class);
    assertThat(standings(lottery, event).values())
        .filteredOn(Standing.Won.class::isInstance)
        .hasSize(5);
  }

  @Test
  void anOfferThatLapsedWhileTheStoreWasDownPassesToTheWaitlistWhenItOpens() {
    Lottery lottery = open();
    Event event = lotteryWithEntries(lottery, 2);
    clock.advance(REGISTRATION);
    lottery.draw(event.id(), clock.instant());
    Map<UserId, Standing> before = standings(lottery, event);
    store.close();
    clock.advance(OFFER_TTL);

    lottery = open();

    Map<UserId, Standing> after = standings(lottery, event);
    assertThat(after.values()).filteredOn(Standing.Won.class::isInstance).hasSize(4);
    before.forEach(
        (user, standing) -> {
          if (standing instanceof Standing.Waitlisted w && w.position() <= 2) {
            assertThat(after.get(user)).isInstanceOf(Standing.Won.class);
          }
        });
  }
}
