package dev.boxoffice.core.lottery;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThan;

import dev.boxoffice.core.Watch;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.ReleaseResult;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.PurchaseContract;
import dev.boxoffice.core.testing.Race;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Lottery} port's contract: the registration window at both ends, one entry per person
 * under any concurrency, a draw that runs once and is the documented one, winners offered exactly
 * the tickets there are as holds they complete like any other, and lapsed offers passed down the
 * waitlist. Every adapter runs it with the {@link Inventory} of the same store.
 */
public abstract class LotteryContract extends PurchaseContract {
  private static final Duration OFFER_TTL = Duration.ofMinutes(10);
  private static final Duration REGISTRATION = Duration.ofMinutes(2);
  private static final Duration COOLDOWN = Duration.ofMinutes(1);

  /** How soon a watcher must be told of a change; and how long one not to be told is watched. */
  private static final Duration TOLD_WITHIN = Duration.ofSeconds(5);

  private static final Duration QUIET = Duration.ofMillis(300);

  protected Lottery lottery;

  /** The two ports of one new, empty store. */
  public record Ports(Inventory inventory, Lottery lottery) {}

  protected abstract Ports newPorts(MutableClock clock);

  @BeforeEach
  final void openPorts() {
    Ports ports = newPorts(clock);
    inventory = ports.inventory();
    lottery = ports.lottery();
  }

  /** A lottery of {@code capacity} tickets, registration open from now for two minutes. */
  private Event lotteryOf(int capacity, int perWinner, int waitlist) {
    Instant now = clock.now();
    Event event =
        create(
            anEvent(now)
                .mode(SaleMode.LOTTERY)
                .onlyTypes(GA)
                .capacity(GA, capacity)
                .holdTtl(OFFER_TTL)
                .perUserLimit(Math.max(perWinner, 1)));
    LotteryTerms terms =
        new LotteryTerms(now, now.plus(REGISTRATION), COOLDOWN, perWinner, OFFER_TTL, waitlist);
    assertThat(lottery.setUp(event, terms, Seed.random(new SecureRandom()))).isTrue();
    return event;
  }

  private EntryResult enter(Event event, UserId user, String token) {
    return lottery.enter(event.id(), user, token, clock.now());
  }

  private void enterUsers(Event event, int count) {
    for (int i = 0; i < count; i++) {
      assertThat(enter(event, user(i), "t" + i)).isInstanceOf(EntryResult.Entered.class);
    }
  }

  private DrawSummary drawAfterClose(Event event) {
    clock.advance(REGISTRATION);
    DrawResult result = lottery.draw(event.id(), clock.now());
    assertThat(result).isInstanceOf(DrawResult.Drawn.class);
    return ((DrawResult.Drawn) result).summary();
  }

  private List<UserId> usersWith(Event event, int count, String status) {
    return IntStream.range(0, count)
        .mapToObj(i -> user(i))
        .filter(u -> lottery.standing(event.id(), u).status().equals(status))
        .toList();
  }

  // ---- set-up

  @Test
  void aNewLotteryPublishesItsSeedsCommitmentAndNoEntrants() {
    Event event = lotteryOf(10, 1, 0);

    LotteryStatus status = lottery.status(event.id()).orElseThrow();
    assertThat(status).isInstanceOf(LotteryStatus.Open.class);
    assertThat(status.seedCommitment()).hasSize(64);
    assertThat(status.entrants()).isZero();
  }

  @Test
  void settingUpAgainOnTheSameTermsIsHarmlessAndKeepsTheFirstSeed() {
    Event event = lotteryOf(10, 1, 0);
    LotteryStatus first = lottery.status(event.id()).orElseThrow();

    assertThat(lottery.setUp(event, first.terms(), Seed.random(new SecureRandom()))).isTrue();
    assertThat(lottery.status(event.id()).orElseThrow().seedCommitment())
        .isEqualTo(first.seedCommitment());
  }

  @Test
  void aLotteryNeedsItsEventsStockOpen() {
    Event event = anEvent(clock.now()).mode(SaleMode.LOTTERY).onlyTypes(GA).build();
    Instant now = clock.now();
    LotteryTerms terms = new LotteryTerms(now, now.plus(REGISTRATION), COOLDOWN, 1, OFFER_TTL, 0);

    assertThat(lottery.setUp(event, terms, Seed.random(new SecureRandom()))).isFalse();
    assertThat(lottery.status(event.id())).isEmpty();
  }

  // ---- entries

  @Test
  void anEntryIsTakenOncePerPersonAndAgainAnswersTheSameEntry() {
    Event event = lotteryOf(10, 1, 0);

    Entry entry = ((EntryResult.Entered) enter(event, user(1), "t1")).entry();

    assertThat(enter(event, user(1), "t1")).isEqualTo(new EntryResult.AlreadyEntered(entry, true));
    assertThat(enter(event, user(1), "t2")).isEqualTo(new EntryResult.AlreadyEntered(entry, false));
    assertThat(lottery.status(event.id()).orElseThrow().entrants()).isEqualTo(1);
    assertThat(lottery.standing(event.id(), user(1))).isInstanceOf(Standing.Pending.class);
    assertThat(lottery.standing(event.id(), user(2))).isInstanceOf(Standing.NotEntered.class);
  }

  @Test
  void entriesAreRefusedBeforeTheWindowOpensAndFromTheMomentItCloses() {
    Instant now = clock.now();
    Event event =
        create(
            anEvent(now).mode(SaleMode.LOTTERY).onlyTypes(GA).holdTtl(OFFER_TTL).perUserLimit(1));
    LotteryTerms terms =
        new LotteryTerms(now.plusSeconds(60), now.plusSeconds(120), COOLDOWN, 1, OFFER_TTL, 0);
    lottery.setUp(event, terms, Seed.random(new SecureRandom()));

    assertThat(enter(event, user(1), "t1")).isInstanceOf(EntryResult.RegistrationClosed.class);
    clock.advance(Duration.ofSeconds(60));
    assertThat(enter(event, user(1), "t1")).isInstanceOf(EntryResult.Entered.class);
    clock.advance(Duration.ofSeconds(60));
    assertThat(enter(event, user(2), "t2")).isInstanceOf(EntryResult.RegistrationClosed.class);
  }

  @Test
  void anUnknownLotteryTakesNoEntryAndHasNoDraw() {
    EventId unknown = new EventId("no-such-lottery");
    Event firstCome = create(anEvent(clock.now()));

    assertThat(lottery.enter(unknown, user(1), "t", clock.now()))
        .isInstanceOf(EntryResult.UnknownLottery.class);
    assertThat(lottery.enter(firstCome.id(), user(1), "t", clock.now()))
        .isInstanceOf(EntryResult.UnknownLottery.class);
    assertThat(lottery.draw(unknown, clock.now())).isInstanceOf(DrawResult.UnknownLottery.class);
    assertThat(lottery.standing(unknown, user(1))).isInstanceOf(Standing.NotEntered.class);
  }

  @Test
  void oneUserRacingWithManyTokensGetsOneEntry() throws Exception {
    Event event = lotteryOf(10, 1, 0);

    List<EntryResult> results = Race.of(32, i -> enter(event, user(7), "token-" + i));

    assertThat(results).filteredOn(EntryResult.Entered.class::isInstance).hasSize(1);
    Set<String> ids = new HashSet<>();
    for (EntryResult result : results) {
      ids.add(
          result instanceof EntryResult.Entered e
              ? e.entry().id()
              : ((EntryResult.AlreadyEntered) result).entry().id());
    }
    assertThat(ids).hasSize(1);
    assertThat(lottery.status(event.id()).orElseThrow().entrants()).isEqualTo(1);
  }

  @Test
  void manyUsersEnteringAtOnceAreEachCountedOnce() throws Exception {
    Event event = lotteryOf(10, 1, 0);

    List<EntryResult> results = Race.of(200, i -> enter(event, user(i), "t" + i));

    assertThat(results).allMatch(EntryResult.Entered.class::isInstance);
    assertThat(lottery.status(event.id()).orElseThrow().entrants()).isEqualTo(200);
  }

  // ---- the draw

  @Test
  void theDrawIsRefusedWhileRegistrationIsOpen() {
    Event event = lotteryOf(10, 1, 0);
    enterUsers(event, 3);

    assertThat(lottery.draw(event.id(), clock.now()))
        .isInstanceOf(DrawResult.RegistrationOpen.class);
    assertThat(enter(event, user(3), "t3")).isInstanceOf(EntryResult.Entered.class);
  }

  @Test
  void exactlyCapacityWinnersEachOfferedAHoldOfTheirTickets() {
    Event event = lotteryOf(10, 2, 0);
    enterUsers(event, 50);

    DrawSummary summary = drawAfterClose(event);

    assertThat(summary.winners()).isEqualTo(5);
    List<UserId> winners = usersWith(event, 50, "WON");
    assertThat(winners).hasSize(5);
    assertThat(usersWith(event, 50, "LOST")).hasSize(45);
    assertThat(stockOf(event, GA).held()).isEqualTo(10);
    assertThat(stockOf(event, GA).available()).isZero();
  }

  @Test
  void aWinnerCompletesTheirOfferLikeAnyHold() {
    Event event = lotteryOf(3, 1, 0);
    enterUsers(event, 10);
    drawAfterClose(event);
    UserId winner = usersWith(event, 10, "WON").getFirst();
    Standing.Won won = (Standing.Won) lottery.standing(event.id(), winner);

    CompleteResult result = inventory.complete(won.offer(), winner, clock.now());

    assertThat(result).isInstanceOf(CompleteResult.Completed.class);
    assertThat(won.expiresAt()).isEqualTo(clock.now().plus(OFFER_TTL));
    assertThat(stockOf(event, GA).sold()).isEqualTo(1);
  }

  @Test
  void nobodyHoldsALotterysTicketsExceptThroughAnOffer() {
    Event event = lotteryOf(10, 1, 0);
    enterUsers(event, 2);

    HoldResult before = tryHold(event, user(1), GA, 1);
    drawAfterClose(event);
    HoldResult after = tryHold(event, user(99), GA, 1);

    assertThat(before).isInstanceOf(HoldResult.NotEntitled.class);
    assertThat(after).isInstanceOf(HoldResult.NotEntitled.class);
  }

  @Test
  void drawingAgainAnswersTheSameDrawAndTakesNoMoreEntries() {
    Event event = lotteryOf(5, 1, 3);
    enterUsers(event, 20);
    DrawSummary first = drawAfterClose(event);

    DrawResult again = lottery.draw(event.id(), clock.now());

    assertThat(again).isEqualTo(new DrawResult.Drawn(first, true));
    assertThat(enter(event, user(50), "late")).isInstanceOf(EntryResult.RegistrationClosed.class);
    assertThat(lottery.status(event.id()).orElseThrow()).isInstanceOf(LotteryStatus.Drawn.class);
  }

  @Test
  void theDrawIsTheDocumentedOneOverThePublishedEntrants() {
    Event event = lotteryOf(4, 1, 2);
    enterUsers(event, 30);
    String commitment = lottery.status(event.id()).orElseThrow().seedCommitment();

    DrawSummary summary = drawAfterClose(event);
    List<String> entrants = lottery.entrants(event.id()).orElseThrow();
    Draw.Outcome recomputed = Draw.run(summary.seed(), entrants, 4, 2);

    assertThat(summary.seedCommitment()).isEqualTo(commitment);
    assertThat(recomputed.entrantsDigest()).isEqualTo(summary.entrantsDigest());
    assertThat(recomputed.winnersDigest()).isEqualTo(summary.winnersDigest());
    assertThat(recomputed.waitlistDigest()).isEqualTo(summary.waitlistDigest());
    for (String winner : recomputed.winners()) {
      assertThat(lottery.standing(event.id(), new UserId(winner)).status()).isEqualTo("WON");
    }
    for (int i = 0; i < recomputed.waitlist().size(); i++) {
      assertThat(lottery.standing(event.id(), new UserId(recomputed.waitlist().get(i))))
          .isEqualTo(new Standing.Waitlisted(i + 1));
    }
  }

  @Test
  void theDrawRunsByItselfWhenTheCooldownEnds() {
    Event event = lotteryOf(2, 1, 0);
    enterUsers(event, 5);

    clock.advance(REGISTRATION);
    assertThat(lottery.drawDue(clock.now())).isZero();
    clock.advance(COOLDOWN);
    lottery.drawDue(clock.now()); // or the store's own timer got there first

    assertThat(lottery.status(event.id()).orElseThrow()).isInstanceOf(LotteryStatus.Drawn.class);
    assertThat(usersWith(event, 5, "WON")).hasSize(2);
  }

  @Test
  void fewerEntrantsThanTicketsAllWinAndTheRestStayUnsold() {
    Event event = lotteryOf(10, 1, 5);
    enterUsers(event, 3);

    DrawSummary summary = drawAfterClose(event);

    assertThat(summary.winners()).isEqualTo(3);
    assertThat(summary.waitlisted()).isZero();
    assertThat(stockOf(event, GA).available()).isEqualTo(7);
  }

  @Test
  void aLotteryOfPseudonymsPublishesNoUserIdAndTellsEachEntrantTheirName() {
    Instant now = clock.now();
    Event event =
        create(
            anEvent(now)
                .mode(SaleMode.LOTTERY)
                .onlyTypes(GA)
                .capacity(GA, 3)
                .holdTtl(OFFER_TTL)
                .perUserLimit(1));
    LotteryTerms terms =
        new LotteryTerms(
            now,
            now.plus(REGISTRATION),
            COOLDOWN,
            1,
            OFFER_TTL,
            2,
            LotteryTerms.EntrantList.PSEUDONYMS);
    assertThat(lottery.setUp(event, terms, Seed.random(new SecureRandom()))).isTrue();
    enterUsers(event, 20);
    List<String> names =
        IntStream.range(0, 20)
            .mapToObj(i -> lottery.entrantName(event.id(), user(i)).orElseThrow())
            .toList();

    DrawSummary summary = drawAfterClose(event);
    List<String> published = lottery.entrants(event.id()).orElseThrow();
    Draw.Outcome recomputed = Draw.run(summary.seed(), published, 3, 2);

    assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.matches("p[0-9a-f]{32}"));
    assertThat(published).containsExactlyInAnyOrderElementsOf(names);
    assertThat(lottery.entrantName(event.id(), user(99))).isEmpty();
    assertThat(recomputed.differencesFrom(summary)).isEmpty();
    for (int i = 0; i < 20; i++) {
      String status = lottery.standing(event.id(), user(i)).status();
      if (recomputed.winners().contains(names.get(i))) {
        assertThat(status).isEqualTo("WON");
      } else if (recomputed.waitlist().contains(names.get(i))) {
        assertThat(status).isEqualTo("WAITLISTED");
      } else {
        assertThat(status).isEqualTo("LOST");
      }
    }
  }

  @Test
  void anEntrantsNameInADrawOfUserIdsIsTheirUserId() {
    Event event = lotteryOf(3, 1, 0);
    enterUsers(event, 2);

    assertThat(lottery.entrantName(event.id(), user(1))).contains(user(1).value());
  }

  // ---- lapsed offers

  @Test
  void anExpiredOfferPassesToTheFirstOnTheWaitlist() {
    Event event = lotteryOf(1, 1, 2);
    enterUsers(event, 10);
    DrawSummary summary = drawAfterClose(event);
    Draw.Outcome drawn = Draw.run(summary.seed(), lottery.entrants(event.id()).orElseThrow(), 1, 2);
    UserId winner = new UserId(drawn.winners().getFirst());
    UserId next = new UserId(drawn.waitlist().getFirst());
    UserId after = new UserId(drawn.waitlist().get(1));

    clock.advance(OFFER_TTL);
    inventory.expire(clock.now());

    Standing standing = lottery.standing(event.id(), next);
    assertThat(standing).isInstanceOf(Standing.Won.class);
    assertThat(((Standing.Won) standing).expiresAt()).isEqualTo(clock.now().plus(OFFER_TTL));
    assertThat(lottery.standing(event.id(), after)).isEqualTo(new Standing.Waitlisted(1));
    assertThat(inventory.complete(((Standing.Won) standing).offer(), next, clock.now()))
        .isInstanceOf(CompleteResult.Completed.class);
    assertThat(
            inventory.complete(
                ((Standing.Won) lottery.standing(event.id(), winner)).offer(), winner, clock.now()))
        .isInstanceOf(CompleteResult.Expired.class);
  }

  @Test
  void aReleasedOfferPassesOnAtOnce() {
    Event event = lotteryOf(1, 1, 1);
    enterUsers(event, 5);
    drawAfterClose(event);
    UserId winner = usersWith(event, 5, "WON").getFirst();
    UserId waiting = usersWith(event, 5, "WAITLISTED").getFirst();

    ReleaseResult released =
        inventory.release(
            ((Standing.Won) lottery.standing(event.id(), winner)).offer(), winner, clock.now());

    assertThat(released).isInstanceOf(ReleaseResult.Released.class);
    assertThat(lottery.standing(event.id(), waiting)).isInstanceOf(Standing.Won.class);
    assertThat(stockOf(event, GA).held()).isEqualTo(1);
  }

  @Test
  void whenTheWaitlistRunsOutLapsedTicketsStayUnsold() {
    Event event = lotteryOf(2, 1, 0);
    enterUsers(event, 5);
    drawAfterClose(event);

    clock.advance(OFFER_TTL);
    inventory.expire(clock.now());

    assertThat(usersWith(event, 5, "WON")).hasSize(2);
    assertThat(stockOf(event, GA).available()).isEqualTo(2);
    assertThat(tryHold(event, user(4), GA, 1)).isInstanceOf(HoldResult.NotEntitled.class);
  }

  // ---- watching

  @Test
  void aWatcherIsToldOfTheirOwnEntryAndNotOfOthers() throws Exception {
    Event event = lotteryOf(1, 1, 0);
    AtomicInteger told = new AtomicInteger();
    try (Watch watch = lottery.watch(event.id(), user(0), told::incrementAndGet)) {
      for (int i = 1; i <= 20; i++) {
        enter(event, user(i), "t" + i);
      }
      Thread.sleep(QUIET.toMillis());
      assertThat(told).hasValue(0);

      enter(event, user(0), "t0");
      await().atMost(TOLD_WITHIN).untilAtomic(told, greaterThan(0));
    }
  }

  @Test
  void everyEntrantWatchingIsToldOfTheDraw() {
    Event event = lotteryOf(2, 1, 1);
    enterUsers(event, 6);
    Set<Integer> told = ConcurrentHashMap.newKeySet();
    List<Watch> watches =
        IntStream.range(0, 6)
            .mapToObj(i -> lottery.watch(event.id(), user(i), () -> told.add(i)))
            .toList();

    drawAfterClose(event);

    await().atMost(TOLD_WITHIN).until(() -> told.size() == 6);
    watches.forEach(Watch::close);
  }

  @Test
  void theWaitlistIsToldWhenAnOfferPassesOnAndAClosedWatchIsNot() throws Exception {
    Event event = lotteryOf(1, 1, 2);
    enterUsers(event, 5);
    drawAfterClose(event);
    UserId winner = usersWith(event, 5, "WON").getFirst();
    UserId waiting = usersWith(event, 5, "WAITLISTED").getLast();
    AtomicInteger toldWaiting = new AtomicInteger();
    AtomicInteger toldClosed = new AtomicInteger();
    lottery.watch(event.id(), waiting, toldClosed::incrementAndGet).close();

    try (Watch watch = lottery.watch(event.id(), waiting, toldWaiting::incrementAndGet)) {
      inventory.release(
          ((Standing.Won) lottery.standing(event.id(), winner)).offer(), winner, clock.now());

      await().atMost(TOLD_WITHIN).untilAtomic(toldWaiting, greaterThan(0));
    }
    Thread.sleep(QUIET.toMillis());
    assertThat(toldClosed).hasValue(0);
  }
}
