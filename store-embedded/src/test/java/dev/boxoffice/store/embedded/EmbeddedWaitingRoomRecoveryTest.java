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
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.waitingroom.QueueStanding;
import dev.boxoffice.core.waitingroom.RoomStats;
import dev.boxoffice.core.waitingroom.RoomTerms;
import dev.boxoffice.core.waitingroom.WaitingRoom;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a durable store remembers of a waiting room across close() and open(): its terms and seed,
 * the pre-queue and its shuffle, the line in order, the serving counter, live sessions and those a
 * purchase ended. Nobody is reordered.
 */
@Timeout(60)
class EmbeddedWaitingRoomRecoveryTest {
  private static final Duration TO_OPENING = Duration.ofMinutes(10);
  private static final Duration ACCESS = Duration.ofMinutes(3);
  private static final int EARLY = 30;
  private static final int LATE = 10;

  @TempDir Path dir;

  private final StoreSamples.HandClock clock = new StoreSamples.HandClock();
  private EmbeddedStore store;

  private WaitingRoom open() {
    store = EmbeddedStore.open(dir, clock, JournalSync.FULL, JournalListener.NONE);
    return store.stores().waitingRoom();
  }

  private WaitingRoom reopen() {
    store.close();
    return open();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private static UserId user(int i) {
    return new UserId("fan-" + i);
  }

  /**
   * A room admitting 5 a second, at most 4 at once: {@link #EARLY} users in the pre-queue, the sale
   * open, {@link #LATE} more in line, then two seconds of admissions.
   */
  private Event roomWithALine(WaitingRoom rooms) {
    Event event =
        new Event(
            new EventId("tour-night"),
            "Tour night",
            "Stadium",
            NOW.plus(Duration.ofDays(30)),
            new SaleWindow(NOW.plus(TO_OPENING), NOW.plus(Duration.ofDays(1))),
            Duration.ofMinutes(5),
            2,
            SaleMode.FIRST_COME,
            List.of(new TicketType(GA, "General admission", new Money(4_500, "EUR"), 100)));
    StoreSamples.putOnSale(store, event);
    RoomTerms terms = new RoomTerms(true, NOW, 5, 4, ACCESS, false);
    assertThat(rooms.configure(event, terms, Seed.random(new SecureRandom()))).isTrue();
    for (int i = 0; i < EARLY; i++) {
      rooms.join(event.id(), user(i), clock.instant());
    }
    clock.advance(TO_OPENING);
    rooms.admitDue(clock.instant());
    for (int i = EARLY; i < EARLY + LATE; i++) {
      rooms.join(event.id(), user(i), clock.instant());
    }
    clock.advance(Duration.ofSeconds(1));
    rooms.admitDue(clock.instant());
    return event;
  }

  private Map<UserId, QueueStanding> standings(WaitingRoom rooms, Event event) {
    Map<UserId, QueueStanding> out = new LinkedHashMap<>();
    for (int i = 0; i < EARLY + LATE; i++) {
      out.put(user(i), rooms.standing(event.id(), user(i), clock.instant()));
    }
    return out;
  }

  @Test
  void theLineItsOrderAndTheSessionsSurviveARestart() {
    WaitingRoom rooms = open();
    Event event = roomWithALine(rooms);
    Map<UserId, QueueStanding> before = standings(rooms, event);
    RoomStats stats = rooms.stats(event.id(), clock.instant()).orElseThrow();

    rooms = reopen();

    assertThat(standings(rooms, event)).isEqualTo(before);
    RoomStats after = rooms.stats(event.id(), clock.instant()).orElseThrow();
    assertThat(after.orderDigest()).isEqualTo(stats.orderDigest());
    assertThat(after.servingUpTo()).isEqualTo(stats.servingUpTo()).isEqualTo(4);
    assertThat(after.active()).isEqualTo(4);
    assertThat(before.values()).filteredOn(QueueStanding.Admitted.class::isInstance).hasSize(4);
  }

  @Test
  void aSessionAPurchaseEndedStaysEndedAndItsSlotIsReused() {
    WaitingRoom rooms = open();
    Event event = roomWithALine(rooms);
    UserId admitted =
        standings(rooms, event).entrySet().stream()
            .filter(e -> e.getValue() instanceof QueueStanding.Admitted a && a.position() == 1)
            .findFirst()
            .orElseThrow()
            .getKey();
    HoldResult held =
        store
            .stores()
            .inventory()
            .hold(HoldRequest.openSale(event.id(), admitted, GA, new Quantity(1)), clock.instant());
    assertThat(
            store
                .stores()
                .inventory()
                .complete(((HoldResult.Held) held).hold().id(), admitted, clock.instant()))
        .isInstanceOf(CompleteResult.Completed.class);

    rooms = reopen();
    clock.advance(Duration.ofSeconds(1));
    rooms.admitDue(clock.instant());

    assertThat(rooms.standing(event.id(), admitted, clock.instant()))
        .isEqualTo(new QueueStanding.Expired(1));
    assertThat(rooms.stats(event.id(), clock.instant()).orElseThrow().servingUpTo()).isEqualTo(5);
  }
}
