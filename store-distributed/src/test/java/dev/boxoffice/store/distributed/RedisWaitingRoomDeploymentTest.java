package dev.boxoffice.store.distributed;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.StoreUnavailableException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.lottery.Draw;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.Race;
import dev.boxoffice.core.waitingroom.JoinResult;
import dev.boxoffice.core.waitingroom.QueueStanding;
import dev.boxoffice.core.waitingroom.RoomTerms;
import dev.boxoffice.core.waitingroom.WaitingRoom;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the waiting room on Redis and PostgreSQL promises beyond the port's contract: servers
 * opening a line at once agree on its order, and a Redis restarted empty gives back the pre-queue,
 * the line in its order and the sessions of those admitted, as PostgreSQL records them.
 */
class RedisWaitingRoomDeploymentTest {
  private static final Duration TO_OPENING = Duration.ofMinutes(10);
  private static final Duration ACCESS = Duration.ofMinutes(3);
  private static final int EARLY = 20;

  private final MutableClock clock = new MutableClock();
  private final Seed seed = Seed.random(new SecureRandom());
  private TestInventory store;
  private RedisWaitingRoom first;
  private RedisWaitingRoom second;

  @BeforeEach
  void open() {
    store = TestInventory.open(clock);
    first = store.rooms();
    second = store.anotherServersRooms();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  /** An event whose sale opens in ten minutes behind a room admitting five a second. */
  private Event roomed() {
    Instant now = clock.now();
    Event event =
        anEvent(now)
            .saleWindow(now.plus(TO_OPENING), now.plus(Duration.ofDays(1)))
            .onlyTypes(GA)
            .capacity(GA, 100)
            .perUserLimit(2)
            .build();
    assertThat(store.inventory().setUp(event)).isTrue();
    assertThat(first.configure(event, new RoomTerms(true, now, 5, 100, ACCESS, false), seed))
        .isTrue();
    return event;
  }

  private void joinAll(WaitingRoom rooms, Event event, int from, int to) {
    for (int i = from; i < to; i++) {
      assertThat(rooms.join(event.id(), user(i), clock.now()))
          .isInstanceOf(JoinResult.Joined.class);
    }
  }

  private Map<UserId, QueueStanding> standings(WaitingRoom rooms, Event event, int users) {
    return IntStream.range(0, users)
        .mapToObj(i -> user(i))
        .collect(
            Collectors.toMap(Function.identity(), u -> rooms.standing(event.id(), u, clock.now())));
  }

  /** The users of {@code standings} in line order: the positions they were given. */
  private static List<String> inLine(Map<UserId, QueueStanding> standings, int first) {
    return standings.entrySet().stream()
        .filter(e -> position(e.getValue()) > 0 && position(e.getValue()) <= first)
        .sorted(Comparator.comparingLong(e -> position(e.getValue())))
        .map(e -> e.getKey().value())
        .toList();
  }

  private static long position(QueueStanding standing) {
    return switch (standing) {
      case QueueStanding.Waiting w -> w.position();
      case QueueStanding.Admitted a -> a.position();
      case QueueStanding.Expired e -> e.position();
      default -> 0;
    };
  }

  @Test
  void aRedisRestartedEmptyGivesBackThePreQueueTheLineAndTheAdmittedSessions() {
    Event event = roomed();
    joinAll(first, event, 0, EARLY);
    store.forgetHotState();
    assertThat(standings(second, event, EARLY).values())
        .allMatch(QueueStanding.PreQueue.class::isInstance);

    clock.advance(TO_OPENING);
    first.admitDue(clock.now());
    clock.advance(Duration.ofSeconds(1));
    first.admitDue(clock.now());
    joinAll(second, event, EARLY, EARLY + 5);
    Map<UserId, QueueStanding> before = standings(first, event, EARLY + 5);
    assertThat(inLine(before, EARLY))
        .isEqualTo(
            Draw.run(
                    seed,
                    IntStream.range(0, EARLY).mapToObj(i -> user(i).value()).toList(),
                    EARLY,
                    0)
                .winners());
    assertThat(before.values()).filteredOn(QueueStanding.Admitted.class::isInstance).hasSize(5);
    UserId admitted =
        before.entrySet().stream()
            .filter(e -> e.getValue() instanceof QueueStanding.Admitted)
            .findFirst()
            .orElseThrow()
            .getKey();

    store.forgetHotState();

    HoldRequest hold = HoldRequest.openSale(event.id(), admitted, GA, Quantity.ONE);
    // The first hold finds the room not loaded yet: try again, not join the queue.
    assertThatThrownBy(() -> store.inventory().hold(hold, clock.now()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(standings(second, event, EARLY + 5)).isEqualTo(before);
    assertThat(store.inventory().hold(hold, clock.now())).isInstanceOf(HoldResult.Held.class);
    assertThat(first.join(event.id(), user(EARLY + 5), clock.now()))
        .isEqualTo(
            new JoinResult.Joined(
                new QueueStanding.Waiting(EARLY + 6, 5, OptionalLong.of(5)), false));
  }

  @Test
  void serversLoadingARoomAtOnceGiveBackOneLine() throws Exception {
    Event event = roomed();
    joinAll(first, event, 0, EARLY);
    clock.advance(TO_OPENING);
    first.admitDue(clock.now());
    clock.advance(Duration.ofSeconds(1));
    first.admitDue(clock.now());
    Map<UserId, QueueStanding> before = standings(first, event, EARLY);
    store.forgetHotState();

    List<Map<UserId, QueueStanding>> seen =
        Race.of(6, i -> standings(i % 2 == 0 ? first : second, event, EARLY));

    assertThat(seen).allSatisfy(standings -> assertThat(standings).isEqualTo(before));
  }

  @Test
  void serversOpeningTheLineAtOnceAgreeOnItsOrder() throws Exception {
    Event event = roomed();
    joinAll(first, event, 0, EARLY);
    clock.advance(TO_OPENING);

    Race.of(8, i -> (i % 2 == 0 ? first : second).join(event.id(), user(EARLY + i), clock.now()));

    Map<UserId, QueueStanding> standings = standings(first, event, EARLY + 8);
    assertThat(standings(second, event, EARLY + 8)).isEqualTo(standings);
    assertThat(standings.values().stream().map(s -> position(s)).distinct()).hasSize(EARLY + 8);
    store.forgetHotState();
    assertThat(standings(second, event, EARLY + 8)).isEqualTo(standings);
  }
}
