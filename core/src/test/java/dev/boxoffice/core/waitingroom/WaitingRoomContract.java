package dev.boxoffice.core.waitingroom;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThan;

import dev.boxoffice.core.Watch;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.lottery.Draw;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.PurchaseContract;
import dev.boxoffice.core.testing.Race;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link WaitingRoom} port's contract: the queue's opening, a fair shuffle of the pre-queue,
 * first-come after it, admission at the rate and under the cap, sessions ended by time or purchase,
 * holds only for a live session, the sell out, and one place per person under any concurrency.
 * Every adapter runs it with the {@link Inventory} of the same store. The clock only moves when a
 * test moves it, so a store stepping rooms by itself admits no more than the test's own steps.
 */
public abstract class WaitingRoomContract extends PurchaseContract {
  private static final Duration TO_OPENING = Duration.ofMinutes(10);
  private static final Duration ACCESS = Duration.ofMinutes(3);
  private static final Duration TOLD_WITHIN = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofMillis(300);

  protected WaitingRoom rooms;

  /** The two ports of one new, empty store. */
  public record Ports(Inventory inventory, WaitingRoom rooms) {}

  protected abstract Ports newPorts(MutableClock clock);

  @BeforeEach
  final void openPorts() {
    Ports ports = newPorts(clock);
    inventory = ports.inventory();
    rooms = ports.rooms();
  }

  /** An event of {@code capacity} tickets whose sale opens in ten minutes, its room open now. */
  private Event roomed(int capacity, double rate, int cap) {
    Instant now = clock.now();
    Event event =
        create(
            anEvent(now)
                .saleWindow(now.plus(TO_OPENING), now.plus(Duration.ofDays(1)))
                .onlyTypes(GA)
                .capacity(GA, capacity)
                .perUserLimit(2));
    assertThat(rooms.configure(event, terms(now, rate, cap, false), seed())).isTrue();
    return event;
  }

  private static RoomTerms terms(Instant opensAt, double rate, int cap, boolean paused) {
    return new RoomTerms(true, opensAt, rate, cap, ACCESS, paused);
  }

  private static Seed seed() {
    return Seed.random(new SecureRandom());
  }

  private JoinResult join(Event event, UserId user) {
    return rooms.join(event.id(), user, clock.now());
  }

  private QueueStanding standing(Event event, UserId user) {
    return rooms.standing(event.id(), user, clock.now());
  }

  private void joinAll(Event event, int from, int to) {
    for (int i = from; i < to; i++) {
      assertThat(join(event, user(i))).isInstanceOf(JoinResult.Joined.class);
    }
  }

  /** Moves the clock on by {@code by} and the rooms with it. */
  private void step(Duration by) {
    clock.advance(by);
    rooms.admitDue(clock.now());
  }

  private void openSale() {
    step(TO_OPENING);
  }

  private RoomStats stats(Event event) {
    return rooms.stats(event.id(), clock.now()).orElseThrow();
  }

  private long position(Event event, UserId user) {
    return switch (standing(event, user)) {
      case QueueStanding.Waiting w -> w.position();
      case QueueStanding.Admitted a -> a.position();
      case QueueStanding.Expired e -> e.position();
      case QueueStanding other -> throw new AssertionError("no position: " + other);
    };
  }

  // ---- joining

  @Test
  void beforeTheQueueOpensJoiningIsRefusedWithItsOpeningTime() {
    Instant now = clock.now();
    Event event =
        create(anEvent(now).saleWindow(now.plus(TO_OPENING), now.plus(Duration.ofDays(1))).build());
    Instant opens = now.plus(Duration.ofMinutes(5));
    assertThat(rooms.configure(event, terms(opens, 10, 10, false), seed())).isTrue();

    assertThat(join(event, user(1))).isEqualTo(new JoinResult.NotOpenYet(opens));
    assertThat(standing(event, user(1))).isInstanceOf(QueueStanding.NotJoined.class);
  }

  @Test
  void anEventWithoutAnEnabledRoomHasNoQueueAndSellsToAnyone() {
    Event plain = create(anEvent(clock.now()));
    assertThat(join(plain, user(1))).isInstanceOf(JoinResult.NoRoom.class);

    Event off = create(anEvent(clock.now()));
    RoomTerms disabled = new RoomTerms(false, off.saleWindow().opensAt(), 10, 10, ACCESS, false);
    assertThat(rooms.configure(off, disabled, seed())).isTrue();
    assertThat(join(off, user(1))).isInstanceOf(JoinResult.NoRoom.class);
    assertThat(tryHold(off, user(1), GA, 1)).isInstanceOf(HoldResult.Held.class);
  }

  @Test
  void aRoomNeedsItsEventsStockOpenAndAQueueThatOpensByTheSale() {
    Event notOpen = anEvent(clock.now()).build();
    assertThat(rooms.configure(notOpen, terms(clock.now(), 10, 10, false), seed())).isFalse();

    Event event = create(anEvent(clock.now()));
    Instant late = event.saleWindow().opensAt().plusSeconds(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> rooms.configure(event, terms(late, 10, 10, false), seed()))
        .isInstanceOf(dev.boxoffice.core.InvalidValueException.class)
        .hasMessageContaining("waitingRoom.queueOpensAt");
  }

  @Test
  void joiningAgainKeepsYourPlace() {
    Event event = roomed(10, 0.01, 10);
    openSale();
    joinAll(event, 0, 3);

    JoinResult again = join(event, user(1));

    assertThat(again).isInstanceOf(JoinResult.Joined.class);
    assertThat(((JoinResult.Joined) again).again()).isTrue();
    assertThat(position(event, user(1))).isEqualTo(2);
  }

  @Test
  void thePreQueueIsShuffledByTheDocumentedDrawWhenTheSaleOpensAndLaterJoinersFollowInOrder() {
    Event event = roomed(10, 0.01, 10);
    joinAll(event, 0, 20);
    assertThat(standing(event, user(3))).isInstanceOf(QueueStanding.PreQueue.class);
    assertThat(stats(event).seed()).isEmpty();
    assertThat(stats(event).preQueue()).isEqualTo(20);

    openSale();
    joinAll(event, 20, 23);

    RoomStats stats = stats(event);
    Seed revealed = stats.seed().orElseThrow();
    assertThat(revealed.commitment()).isEqualTo(stats.seedCommitment());
    List<String> names = IntStream.range(0, 20).mapToObj(i -> user(i).value()).toList();
    Draw.Outcome expected = Draw.run(revealed, names, 20, 0);
    assertThat(stats.orderDigest()).contains(expected.winnersDigest());
    for (int place = 0; place < 20; place++) {
      assertThat(position(event, new UserId(expected.winners().get(place)))).isEqualTo(place + 1);
    }
    assertThat(
            List.of(
                position(event, user(20)), position(event, user(21)), position(event, user(22))))
        .containsExactly(21L, 22L, 23L);
  }

  @Test
  void manyUsersJoiningAtOnceEachGetOneDistinctPlace() throws Exception {
    Event event = roomed(10, 0.01, 10);
    openSale();

    Race.of(200, i -> join(event, user(i)));
    Race.of(32, i -> join(event, user(7)));

    Set<Long> places = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      places.add(position(event, user(i)));
    }
    assertThat(places).hasSize(200).allMatch(p -> p >= 1 && p <= 200);
    assertThat(stats(event).waiting()).isEqualTo(200);
  }

  // ---- admission

  @Test
  void usersAreAdmittedInLineOrderAtTheConfiguredRate() {
    Event event = roomed(1000, 10, 1000);
    joinAll(event, 0, 100);
    openSale();

    for (int i = 0; i < 50; i++) {
      step(Duration.ofMillis(100));
    }

    long served = stats(event).servingUpTo();
    assertThat(served).isBetween(49L, 50L);
    for (int i = 0; i < 100; i++) {
      QueueStanding s = standing(event, user(i));
      long place = position(event, user(i));
      assertThat(s)
          .isInstanceOf(
              place <= served ? QueueStanding.Admitted.class : QueueStanding.Waiting.class);
    }
    assertThat(stats(event).measuredRatePerSecond()).isBetween(9.5, 10.5);
  }

  @Test
  void aLateStepMakesUpTheAdmissionsItMissedAFewSecondsWorthAtMost() {
    Event event = roomed(1000, 10, 1000);
    joinAll(event, 0, 200);
    openSale();
    step(Duration.ofMillis(100));
    long before = stats(event).servingUpTo();

    step(Duration.ofSeconds(3)); // the steps in between did not come

    assertThat(stats(event).servingUpTo() - before).as("three seconds' worth").isEqualTo(30);

    step(Duration.ofMinutes(1)); // nor for a minute
    assertThat(stats(event).servingUpTo() - before - 30)
        .as("made up to " + QueueBook.MOST_MADE_UP_SECONDS + " s")
        .isEqualTo(10L * QueueBook.MOST_MADE_UP_SECONDS);
  }

  @Test
  void neverMoreShopAtOnceThanTheCapAndAnEndedSessionFreesItsSlot() {
    Event event = roomed(1000, 100, 3);
    joinAll(event, 0, 10);
    openSale();

    step(Duration.ofSeconds(1));
    step(Duration.ofSeconds(1));
    assertThat(stats(event).servingUpTo()).isEqualTo(3);
    assertThat(stats(event).active()).isEqualTo(3);

    step(ACCESS);
    step(Duration.ofSeconds(1));

    assertThat(stats(event).servingUpTo()).isEqualTo(6);
    assertThat(stats(event).active()).isEqualTo(3);
  }

  @Test
  void onlyAUserWithALiveSessionHolds() {
    Event event = roomed(1000, 1, 1);
    joinAll(event, 0, 3);
    openSale();
    step(Duration.ofSeconds(1));
    UserId first =
        IntStream.range(0, 3)
            .mapToObj(i -> user(i))
            .filter(u -> position(event, u) == 1)
            .findFirst()
            .orElseThrow();
    UserId second =
        IntStream.range(0, 3)
            .mapToObj(i -> user(i))
            .filter(u -> position(event, u) == 2)
            .findFirst()
            .orElseThrow();

    assertThat(tryHold(event, second, GA, 1)).isInstanceOf(HoldResult.QueueRequired.class);
    assertThat(tryHold(event, user(99), GA, 1)).isInstanceOf(HoldResult.QueueRequired.class);
    assertThat(tryHold(event, first, GA, 1)).isInstanceOf(HoldResult.Held.class);

    clock.advance(ACCESS);
    assertThat(standing(event, first)).isEqualTo(new QueueStanding.Expired(1));
    assertThat(tryHold(event, first, GA, 1)).isInstanceOf(HoldResult.QueueRequired.class);
  }

  @Test
  void aCompletedPurchaseEndsItsSessionAndTheNextComesIn() {
    Event event = roomed(1000, 10, 1);
    joinAll(event, 0, 2);
    openSale();
    step(Duration.ofSeconds(1));
    UserId first = position(event, user(0)) == 1 ? user(0) : user(1);
    UserId second = first.equals(user(0)) ? user(1) : user(0);

    complete(hold(event, first, GA, 1));
    step(Duration.ofSeconds(1));

    assertThat(standing(event, first)).isEqualTo(new QueueStanding.Expired(1));
    assertThat(standing(event, second)).isInstanceOf(QueueStanding.Admitted.class);
  }

  @Test
  void whenEveryTicketIsSoldThoseWaitingAreToldSoldOut() {
    Event event = roomed(2, 10, 1);
    joinAll(event, 0, 5);
    openSale();
    step(Duration.ofSeconds(1));
    UserId first =
        IntStream.range(0, 5)
            .mapToObj(i -> user(i))
            .filter(u -> position(event, u) == 1)
            .findFirst()
            .orElseThrow();

    complete(hold(event, first, GA, 2));
    step(Duration.ofSeconds(1));

    assertThat(stats(event).soldOut()).isTrue();
    assertThat(IntStream.range(0, 5).mapToObj(i -> standing(event, user(i))))
        .filteredOn(QueueStanding.SoldOut.class::isInstance)
        .hasSize(4);
    assertThat(join(event, user(50)))
        .isEqualTo(new JoinResult.Joined(new QueueStanding.SoldOut(), false));
  }

  @Test
  void whilePausedNobodyIsAdmittedAndTheEtaIsUnknown() {
    Event event = roomed(1000, 2, 100);
    openSale();
    joinAll(event, 0, 11);
    assertThat(standing(event, user(10)))
        .isEqualTo(new QueueStanding.Waiting(11, 0, OptionalLong.of(6)));
    assertThat(((QueueStanding.Waiting) standing(event, user(10))).aheadOfYou()).isEqualTo(10);

    assertThat(
            rooms.configure(
                event, terms(event.saleWindow().opensAt().minus(TO_OPENING), 2, 100, true), seed()))
        .isTrue();
    step(Duration.ofSeconds(5));
    assertThat(stats(event).servingUpTo()).isZero();
    assertThat(standing(event, user(10)))
        .isEqualTo(new QueueStanding.Waiting(11, 0, OptionalLong.empty()));

    rooms.configure(
        event, terms(event.saleWindow().opensAt().minus(TO_OPENING), 2, 100, false), seed());
    step(Duration.ofSeconds(1));
    step(Duration.ofSeconds(1));
    assertThat(stats(event).servingUpTo()).isEqualTo(4);
  }

  // ---- watching

  @Test
  void aWatcherIsToldOfTheirAdmissionAndNotOfOthers() throws Exception {
    Event event = roomed(1000, 1, 100);
    openSale();
    joinAll(event, 0, 3);
    AtomicInteger toldFirst = new AtomicInteger();
    AtomicInteger toldThird = new AtomicInteger();
    try (Watch first = rooms.watch(event.id(), user(0), toldFirst::incrementAndGet);
        Watch third = rooms.watch(event.id(), user(2), toldThird::incrementAndGet)) {
      step(Duration.ofSeconds(1));
      step(Duration.ofSeconds(1));

      await().atMost(TOLD_WITHIN).untilAtomic(toldFirst, greaterThan(0));
      Thread.sleep(QUIET.toMillis());
      assertThat(toldThird).hasValue(0);
    }
  }
}
