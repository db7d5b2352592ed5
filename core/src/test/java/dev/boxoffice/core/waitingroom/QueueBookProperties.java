package dev.boxoffice.core.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.EventLedger;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The room's invariants under any mix of joins, steps of time and purchases: the line holds
 * everyone who joined once, the pre-queue first; admission follows the line and never exceeds the
 * rate or the cap; nobody is admitted twice; and replaying the reported changes rebuilds the same
 * room.
 */
class QueueBookProperties {
  private static final Instant START = Instant.parse("2030-06-01T18:00:00Z");
  private static final Duration TO_OPENING = Duration.ofMinutes(1);
  private static final Duration ACCESS = Duration.ofSeconds(30);

  /** One thing that happens to a room: a user joins, time passes, or an admitted user buys. */
  sealed interface Action {}

  record Join(int user) implements Action {}

  record Wait(int millis) implements Action {}

  record Buy(int user) implements Action {}

  @Provide
  Arbitrary<Action> actions() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 40).map(Join::new),
        Arbitraries.integers().between(1, 20_000).map(Wait::new),
        Arbitraries.integers().between(0, 40).map(Buy::new));
  }

  @Property
  void admissionFollowsTheLineUnderTheRateAndTheCap(
      @ForAll @Size(max = 120) List<@From("actions") Action> actions,
      @ForAll @DoubleRange(min = 0.1, max = 50) double rate,
      @ForAll @IntRange(min = 1, max = 8) int cap) {
    Event event =
        TestEvents.anEvent(START)
            .saleWindow(START.plus(TO_OPENING), START.plus(Duration.ofDays(1)))
            .build();
    RoomTerms terms = new RoomTerms(true, START, rate, cap, ACCESS, false);
    Seed seed = new Seed("ab".repeat(32));
    QueueBook book = new QueueBook(event, terms, seed);
    EventLedger ledger = TestEvents.ledger(event);
    List<RoomChange> reported = new ArrayList<>();
    Set<UserId> joined = new HashSet<>();
    Instant now = START;
    long admittedSoFar = 0;

    for (Action action : actions) {
      switch (action) {
        case Join j -> {
          UserId user = new UserId("u" + j.user());
          book.join(user, now, reported::add);
          joined.add(user);
        }
        case Wait w -> {
          now = now.plusMillis(w.millis());
          admittedSoFar += book.step(now, ledger, reported::add);
        }
        case Buy b -> {
          UserId user = new UserId("u" + b.user());
          if (book.standing(user, now) instanceof QueueStanding.Admitted) {
            book.observe(
                new LedgerChange.OrderPlaced(
                    new Order(
                        OrderId.random(),
                        HoldId.random(event.id(), now),
                        event.id(),
                        user,
                        TestEvents.GA,
                        1,
                        new Money(TestEvents.GA_PRICE_MINOR, TestEvents.CURRENCY),
                        now)));
            book.settle(now, reported::add);
          }
        }
      }
      RoomStats stats = book.stats(now);
      assertThat(stats.active()).isLessThanOrEqualTo(cap);
      assertThat(stats.servingUpTo()).isEqualTo(admittedSoFar);
      if (stats.openedAt().isPresent()) {
        double seconds = Duration.between(stats.openedAt().get(), now).toNanos() / 1e9;
        assertThat((double) admittedSoFar).isLessThanOrEqualTo(seconds * rate + 1e-6);
      }
    }

    RoomStats stats = book.stats(now);
    assertThat(stats.preQueue() + stats.waiting() + stats.servingUpTo()).isEqualTo(joined.size());
    Set<UserId> admitted = new HashSet<>();
    for (long p = 1; p <= stats.servingUpTo(); p++) {
      assertThat(admitted.add(book.userAt(p))).isTrue();
      assertThat(book.standing(book.userAt(p), now))
          .isInstanceOfAny(QueueStanding.Admitted.class, QueueStanding.Expired.class);
    }
    QueueBook replayed = new QueueBook(event, terms, seed);
    reported.forEach(replayed::apply);
    for (UserId user : joined) {
      assertThat(replayed.standing(user, now)).isEqualTo(book.standing(user, now));
    }
  }
}
