package dev.boxoffice.store.embedded;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.lottery.DrawResult;
import dev.boxoffice.core.lottery.EntryResult;
import dev.boxoffice.core.lottery.LotteryTerms;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.Race;
import dev.boxoffice.core.waitingroom.JoinResult;
import dev.boxoffice.core.waitingroom.RoomTerms;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the in-memory embedded store does on its own, beyond the port contracts. */
class EmbeddedStoreInMemoryTest {

  @Test
  void anExpiredHoldsTicketsAreBackInStockWithinOneSecondWithoutAnyoneAsking() {
    InstantSource clock = InstantSource.system();
    try (EmbeddedStore store = EmbeddedStore.inMemory(clock)) {
      Event event = anEvent(clock.instant()).capacity(GA, 5).holdTtl(Duration.ofSeconds(1)).build();
      StoreSamples.putOnSale(store, event);
      HoldResult result =
          store
              .stores()
              .inventory()
              .hold(
                  HoldRequest.openSale(event.id(), user(1), GA, new Quantity(3)), clock.instant());
      Hold hold = ((HoldResult.Held) result).hold();
      AtomicReference<Instant> backAt = new AtomicReference<>();

      await()
          .atMost(Duration.ofSeconds(3))
          .pollInterval(Duration.ofMillis(10))
          .until(
              () -> {
                TypeStock ga =
                    store.stores().inventory().stock(event.id()).orElseThrow().of(GA).orElseThrow();
                if (ga.available() == 5) {
                  backAt.set(clock.instant());
                  return true;
                }
                return false;
              });

      assertThat(Duration.between(hold.expiresAt(), backAt.get()))
          .isLessThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(store.expiredHolds()).isEqualTo(1);
      assertThat(store.stores().inventory().complete(hold.id(), user(1), clock.instant()))
          .isEqualTo(new CompleteResult.Expired(hold.id(), hold.expiresAt()));
    }
  }

  @Test
  void whoeverIsToldAboutAnOrderCanReadItAtOnce() throws Exception {
    // Beyond the Orders contract, which lets an adapter be late: this one never is.
    InstantSource clock = InstantSource.system();
    try (EmbeddedStore store = EmbeddedStore.inMemory(clock)) {
      Event event = anEvent(clock.instant()).capacity(GA, 100).build();
      StoreSamples.putOnSale(store, event);
      for (int round = 0; round < 10; round++) {
        Hold hold =
            ((HoldResult.Held)
                    store
                        .stores()
                        .inventory()
                        .hold(
                            HoldRequest.openSale(event.id(), user(round), GA, Quantity.ONE),
                            clock.instant()))
                .hold();
        List<Boolean> readable =
            Race.onPlatformThreads(
                32,
                i -> {
                  CompleteResult result =
                      store.stores().inventory().complete(hold.id(), hold.user(), clock.instant());
                  Order order = ((CompleteResult.Completed) result).order();
                  return store.stores().orders().find(order.id()).isPresent()
                      && store.stores().orders().byUser(hold.user()).contains(order);
                });
        assertThat(readable).as("round " + round).containsOnly(true);
      }
    }
  }

  @Test
  void itCountsLotteryEntriesOnceAndEachDrawWithItsWinners() {
    MutableClock clock = new MutableClock();
    try (EmbeddedStore store = EmbeddedStore.inMemory(clock)) {
      Instant now = clock.now();
      Event event =
          anEvent(now)
              .mode(SaleMode.LOTTERY)
              .onlyTypes(GA)
              .capacity(GA, 2)
              .holdTtl(Duration.ofMinutes(10))
              .perUserLimit(1)
              .build();
      var lottery = store.stores().lottery();
      assertThat(store.stores().inventory().setUp(event)).isTrue();
      LotteryTerms terms =
          new LotteryTerms(
              now,
              now.plus(Duration.ofMinutes(2)),
              Duration.ofHours(1),
              1,
              Duration.ofMinutes(10),
              0);
      assertThat(lottery.setUp(event, terms, Seed.random(new SecureRandom()))).isTrue();
      for (int i = 0; i < 5; i++) {
        assertThat(lottery.enter(event.id(), user(i), "t" + i, clock.now()))
            .isInstanceOf(EntryResult.Entered.class);
      }
      assertThat(lottery.enter(event.id(), user(0), "again", clock.now()))
          .isInstanceOf(EntryResult.AlreadyEntered.class);

      assertThat(store.lotteryEntries()).isEqualTo(5);
      assertThat(store.lotteryDraws()).isZero();

      clock.advance(Duration.ofMinutes(2));
      assertThat(lottery.draw(event.id(), clock.now())).isInstanceOf(DrawResult.Drawn.class);
      assertThat(lottery.draw(event.id(), clock.now())).isInstanceOf(DrawResult.Drawn.class);

      assertThat(store.lotteryDraws()).as("a draw asked for again is not run again").isEqualTo(1);
      assertThat(store.lotteryWinners()).isEqualTo(2);
    }
  }

  @Test
  void itCountsWhoWaitsWhoShopsAndWhoWasAdmittedInItsWaitingRooms() {
    MutableClock clock = new MutableClock();
    try (EmbeddedStore store = EmbeddedStore.inMemory(clock)) {
      Instant now = clock.now();
      Duration toOpening = Duration.ofMinutes(10);
      Event event =
          anEvent(now)
              .saleWindow(now.plus(toOpening), now.plus(Duration.ofDays(1)))
              .onlyTypes(GA)
              .capacity(GA, 100)
              .build();
      var rooms = store.stores().waitingRoom();
      assertThat(store.stores().inventory().setUp(event)).isTrue();
      // Two admitted a second at most, three shopping at once at most.
      RoomTerms terms = new RoomTerms(true, now, 2, 3, Duration.ofMinutes(3), false);
      assertThat(rooms.configure(event, terms, Seed.random(new SecureRandom()))).isTrue();
      for (int i = 0; i < 10; i++) {
        assertThat(rooms.join(event.id(), user(i), clock.now()))
            .isInstanceOf(JoinResult.Joined.class);
      }

      assertThat(store.waitingInRooms()).as("in the pre-queue").isEqualTo(10);
      assertThat(store.shoppingFromRooms()).isZero();
      assertThat(store.admittedFromRooms()).isZero();

      clock.advance(toOpening);
      for (int step = 0; step < 4; step++) {
        rooms.admitDue(clock.now());
        clock.advance(Duration.ofSeconds(5));
      }

      assertThat(store.admittedFromRooms()).as("up to the cap of shoppers").isEqualTo(3);
      assertThat(store.shoppingFromRooms()).isEqualTo(3);
      assertThat(store.waitingInRooms()).as("in line").isEqualTo(7);
    }
  }

  @Test
  void theSweeperStopsWhenTheStoreCloses() {
    Set<Thread> before = sweepers();
    EmbeddedStore store = EmbeddedStore.inMemory(InstantSource.system());
    Set<Thread> mine = sweepers();
    mine.removeAll(before);
    assertThat(mine).hasSize(1);

    store.close();

    await().atMost(Duration.ofSeconds(2)).until(() -> mine.stream().noneMatch(Thread::isAlive));
  }

  private static Set<Thread> sweepers() {
    Set<Thread> found = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals("boxoffice-expiry") && thread.isAlive()) {
        found.add(thread);
      }
    }
    return found;
  }
}
