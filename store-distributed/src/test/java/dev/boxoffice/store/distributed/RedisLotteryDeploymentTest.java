package dev.boxoffice.store.distributed;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.ReleaseResult;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.lottery.Draw;
import dev.boxoffice.core.lottery.DrawResult;
import dev.boxoffice.core.lottery.DrawSummary;
import dev.boxoffice.core.lottery.Entry;
import dev.boxoffice.core.lottery.EntryResult;
import dev.boxoffice.core.lottery.Lottery;
import dev.boxoffice.core.lottery.LotteryTerms;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.lottery.Standing;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.Race;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the lottery on Redis and PostgreSQL promises beyond the port's contract: servers sharing
 * them run one lottery (one entry per user, one draw, one offer per place), and a Redis restarted
 * empty gives back every entry, the draw and the offers still standing, as PostgreSQL records them.
 */
class RedisLotteryDeploymentTest {
  private static final Duration OFFER_TTL = Duration.ofMinutes(10);
  private static final Duration REGISTRATION = Duration.ofMinutes(2);
  private static final int USERS = 40;

  private final MutableClock clock = new MutableClock();
  private TestInventory store;
  private RedisLottery first;
  private RedisLottery second;

  @BeforeEach
  void open() {
    store = TestInventory.open(clock);
    first = store.lottery();
    second = store.anotherServersLottery();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  /**
   * A lottery of {@code capacity} tickets, one per winner, everyone entered through both servers,
   * registration closed.
   */
  private Event lotteryEntered(int capacity, int waitlist) {
    Event event = lotteryOpen(capacity, waitlist);
    clock.advance(REGISTRATION);
    return event;
  }

  /** {@link #lotteryEntered}, registration still open. */
  private Event lotteryOpen(int capacity, int waitlist) {
    Event event =
        anEvent(clock.now())
            .mode(SaleMode.LOTTERY)
            .onlyTypes(GA)
            .capacity(GA, capacity)
            .holdTtl(OFFER_TTL)
            .perUserLimit(1)
            .build();
    assertThat(store.inventory().setUp(event)).isTrue();
    LotteryTerms terms =
        new LotteryTerms(
            clock.now(), clock.now().plus(REGISTRATION), Duration.ZERO, 1, OFFER_TTL, waitlist);
    assertThat(first.setUp(event, terms, Seed.random(new SecureRandom()))).isTrue();
    for (int i = 0; i < USERS; i++) {
      Lottery through = i % 2 == 0 ? first : second;
      assertThat(through.enter(event.id(), user(i), "t" + i, clock.now()))
          .isInstanceOf(EntryResult.Entered.class);
    }
    return event;
  }

  private Map<UserId, Standing> standings(Lottery lottery, Event event) {
    return IntStream.range(0, USERS)
        .mapToObj(i -> user(i))
        .collect(Collectors.toMap(Function.identity(), u -> lottery.standing(event.id(), u)));
  }

  private List<UserId> with(Map<UserId, Standing> standings, String status) {
    return standings.entrySet().stream()
        .filter(e -> e.getValue().status().equals(status))
        .map(Map.Entry::getKey)
        .sorted((a, b) -> a.value().compareTo(b.value()))
        .toList();
  }

  private TypeStock stock(Event event) {
    return store.inventory().stock(event.id()).orElseThrow().of(GA).orElseThrow();
  }

  @Test
  void serversDrawingAtOnceMakeOneDrawAndOneOfferPerWinner() throws Exception {
    Event event = lotteryEntered(5, 5);

    List<DrawResult> draws =
        Race.of(8, i -> (i % 2 == 0 ? first : second).draw(event.id(), clock.now()));

    assertThat(draws).allMatch(DrawResult.Drawn.class::isInstance);
    assertThat(draws.stream().map(d -> ((DrawResult.Drawn) d).summary()).distinct()).hasSize(1);
    assertThat(draws).filteredOn(d -> !((DrawResult.Drawn) d).again()).hasSizeLessThanOrEqualTo(1);
    Map<UserId, Standing> standings = standings(first, event);
    assertThat(with(standings, "WON")).hasSize(5);
    assertThat(with(standings, "WAITLISTED")).hasSize(5);
    assertThat(standings(second, event)).isEqualTo(standings);
    assertThat(stock(event)).isEqualTo(new TypeStock(GA, 5, 0, 5, 0));
  }

  @Test
  void anEntryRacingTheDrawIsEitherDrawnOrRefused() throws Exception {
    Event event = lotteryEntered(3, 0);
    UserId late = user(USERS);

    List<Object> raced =
        Race.of(
            2,
            i ->
                i == 0
                    ? first.draw(event.id(), clock.now())
                    : second.enter(event.id(), late, "late", clock.now().minusMillis(1)));

    int entrants = ((DrawResult.Drawn) raced.get(0)).summary().entrants();
    if (raced.get(1) instanceof EntryResult.Entered) {
      assertThat(entrants).isEqualTo(USERS + 1);
    } else {
      assertThat(raced.get(1)).isInstanceOf(EntryResult.RegistrationClosed.class);
      assertThat(entrants).isEqualTo(USERS);
    }
  }

  @Test
  void anEntryRedisTakesAfterTheEntrantsFrozeInPostgresIsRefusedAndForgotten() {
    Event event = lotteryOpen(2, 0);
    // The draw froze the entrant set in PostgreSQL; a Redis restarted meanwhile did not.
    store.records().lotteries().freeze(event.id());
    UserId late = user(USERS);

    assertThat(first.enter(event.id(), late, "late", clock.now()))
        .isInstanceOf(EntryResult.RegistrationClosed.class);
    assertThat(second.status(event.id()).orElseThrow().entrants()).isEqualTo(USERS);
    assertThat(second.standing(event.id(), late)).isEqualTo(new Standing.NotEntered());
    store.forgetHotState();
    assertThat(second.enter(event.id(), user(USERS + 1), "later", clock.now()))
        .isInstanceOf(EntryResult.RegistrationClosed.class);
    clock.advance(REGISTRATION);
    DrawResult drawn = first.draw(event.id(), clock.now());
    assertThat(((DrawResult.Drawn) drawn).summary().entrants()).isEqualTo(USERS);
  }

  @Test
  void aRedisRestartedEmptyGivesBackEntriesTheDrawAndTheStandingOffers() {
    Event event = lotteryEntered(3, 4);
    DrawSummary summary = ((DrawResult.Drawn) first.draw(event.id(), clock.now())).summary();
    Map<UserId, Standing> drawn = standings(first, event);
    // In place order: the offer at place 1 lapses and the one at place 2 is paid, while the one
    // at place 0 stands (earlier than a lapsed one).
    List<UserId> winners =
        Draw.run(summary.seed(), first.entrants(event.id()).orElseThrow(), 3, 4).winners().stream()
            .map(UserId::new)
            .toList();
    UserId paid = winners.get(2);
    UserId released = winners.get(1);
    assertThat(
            store.inventory().complete(((Standing.Won) drawn.get(paid)).offer(), paid, clock.now()))
        .isInstanceOf(CompleteResult.Completed.class);
    assertThat(
            store
                .inventory()
                .release(((Standing.Won) drawn.get(released)).offer(), released, clock.now()))
        .isInstanceOf(ReleaseResult.Released.class);
    Map<UserId, Standing> before = standings(first, event);
    assertThat(with(before, "WON")).hasSize(4);
    TypeStock stock = stock(event);

    store.forgetHotState();

    assertThat(standings(second, event)).isEqualTo(before);
    assertThat(stock(event)).isEqualTo(stock).isEqualTo(new TypeStock(GA, 3, 0, 2, 1));
    assertThat(first.status(event.id()).orElseThrow().entrants()).isEqualTo(USERS);
    assertThat(first.enter(event.id(), user(0), "t0", clock.now()))
        .isInstanceOf(EntryResult.AlreadyEntered.class);
    UserId standing =
        with(before, "WON").stream()
            .filter(u -> !u.equals(paid) && !u.equals(released))
            .findFirst()
            .orElseThrow();
    assertThat(
            store
                .inventory()
                .complete(((Standing.Won) before.get(standing)).offer(), standing, clock.now()))
        .isInstanceOf(CompleteResult.Completed.class);
    assertThat(
            store
                .inventory()
                .complete(((Standing.Won) before.get(released)).offer(), released, clock.now()))
        .isNotInstanceOf(CompleteResult.Completed.class);
  }

  @Test
  void aRedisRestartedEmptyBeforeTheDrawKeepsEveryEntryForIt() {
    Event event = lotteryEntered(2, 1);

    store.forgetHotState();
    DrawResult drawn = second.draw(event.id(), clock.now());

    assertThat(((DrawResult.Drawn) drawn).summary().entrants()).isEqualTo(USERS);
    assertThat(with(standings(first, event), "WON")).hasSize(2);
  }

  @Test
  void aLotteryOfManyEntriesIsLoadedAgainInFull() {
    Event event = lotteryOpen(2, 0);
    int more = 3 * RedisLottery.CHUNK;
    List<PostgresLotteries.Entered> entries = new ArrayList<>();
    for (int i = 0; i < more; i++) {
      UserId user = user("many-" + i);
      entries.add(
          new PostgresLotteries.Entered(
              event.id(),
              new Entry(Entry.newId(event.id(), clock.now()), user, "m" + i, clock.now())));
    }
    store.records().lotteries().enter(entries);

    store.forgetHotState();

    assertThat(second.status(event.id()).orElseThrow().entrants()).isEqualTo(USERS + more);
    assertThat(second.standing(event.id(), user("many-" + (more - 1))))
        .isEqualTo(new Standing.Pending());
  }

  @Test
  void anOfferLapsingOnOneServerIsPassedOnByTheOthersSweep() {
    Event event = lotteryEntered(1, 2);
    first.draw(event.id(), clock.now());
    UserId winner = with(standings(first, event), "WON").getFirst();

    clock.advance(OFFER_TTL);
    second.settleAll(clock.now());

    assertThat(with(standings(first, event), "WON")).hasSize(2).contains(winner);
    assertThat(with(standings(first, event), "WAITLISTED")).hasSize(1);
    assertThat(stock(event).held()).isEqualTo(1);
  }
}
