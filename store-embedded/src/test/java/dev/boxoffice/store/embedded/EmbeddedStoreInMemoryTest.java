package dev.boxoffice.store.embedded;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.testing.Race;
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
