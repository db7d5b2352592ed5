package dev.boxoffice.store.distributed;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.Race;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the inventory on Redis and PostgreSQL promises beyond the port's contract: servers sharing
 * them are one deployment, and PostgreSQL's record keeps every sale when Redis forgets.
 */
class RedisInventoryDeploymentTest {
  private final MutableClock clock = new MutableClock();
  private TestInventory store;
  private RedisInventory first;
  private RedisInventory second;

  @BeforeEach
  void open() {
    store = TestInventory.open(clock);
    first = store.inventory();
    second = store.anotherServer();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  private Event openEvent(int capacity) {
    Event event = anEvent(clock.now()).capacity(GA, capacity).perUserLimit(4).build();
    assertThat(first.setUp(event)).isTrue();
    return event;
  }

  private Hold hold(Inventory inventory, Event event, int user, int quantity) {
    HoldResult result =
        inventory.hold(
            HoldRequest.openSale(event.id(), user(user), GA, new Quantity(quantity)), clock.now());
    assertThat(result).isInstanceOf(HoldResult.Held.class);
    return ((HoldResult.Held) result).hold();
  }

  private TypeStock stock(Inventory inventory, Event event) {
    return inventory.stock(event.id()).orElseThrow().of(GA).orElseThrow();
  }

  @Test
  void aHoldTakenOnOneServerIsCompletedOnAnotherAndBothSeeTheSameStock() {
    Event event = openEvent(10);
    Hold hold = hold(first, event, 1, 3);

    CompleteResult completed = second.complete(hold.id(), hold.user(), clock.now());

    assertThat(completed).isInstanceOf(CompleteResult.Completed.class);
    assertThat(stock(first, event)).isEqualTo(new TypeStock(GA, 10, 7, 0, 3));
    assertThat(stock(second, event)).isEqualTo(stock(first, event));
    assertThat(store.records().orders().byUser(user(1)))
        .containsExactly(((CompleteResult.Completed) completed).order());
  }

  @Test
  void racersOnTwoServersGetExactlyTheTicketsThereAre() throws Exception {
    for (int round = 0; round < 10; round++) {
      Event event = openEvent(10);
      List<HoldResult> results =
          Race.onPlatformThreads(
              64,
              i ->
                  (i % 2 == 0 ? first : second)
                      .hold(
                          HoldRequest.openSale(event.id(), user(i), GA, Quantity.ONE),
                          clock.now()));

      assertThat(results).filteredOn(HoldResult.Held.class::isInstance).hasSize(10);
      assertThat(stock(second, event)).isEqualTo(new TypeStock(GA, 10, 0, 10, 0));
    }
  }

  @Test
  void aRedisThatRestartedEmptyReloadsWhatWasSoldFromPostgres() {
    Event event = openEvent(10);
    Order sold = complete(hold(first, event, 1, 3));
    hold(first, event, 2, 2);

    store.forgetHotState();

    assertThat(stock(second, event))
        .as("the sale stands, the unpaid hold is gone")
        .isEqualTo(new TypeStock(GA, 10, 7, 0, 3));
    assertThat(second.complete(sold.hold(), user(1), clock.now()))
        .as("a repeated completion still finds its order")
        .isEqualTo(new CompleteResult.Completed(sold, true));
    assertThat(
            second.hold(
                HoldRequest.openSale(event.id(), user(1), GA, new Quantity(2)), clock.now()))
        .as("the buyer's limit still counts what they bought")
        .isEqualTo(new HoldResult.LimitReached(4, 3));
  }

  @Test
  void postgresRefusesASaleThatRedisMadeAfterLosingOneAndRedisCatchesUp() {
    Event event = openEvent(2);
    complete(hold(first, event, 1, 2));
    // Redis lost the sale (as if it was loaded before the order was recorded): it sells again.
    store.redis().hset(first.keys(event.id())[0], "sold:GA", "0");
    Hold again = hold(second, event, 2, 1);

    CompleteResult result = second.complete(again.id(), again.user(), clock.now());

    assertThat(result).isInstanceOf(CompleteResult.Expired.class);
    assertThat(store.records().orders().byUser(user(2))).isEmpty();
    assertThat(stock(first, event))
        .as("Redis caught up with what PostgreSQL sold")
        .isEqualTo(new TypeStock(GA, 2, 0, 0, 2));
    assertThat(
            second.hold(HoldRequest.openSale(event.id(), user(3), GA, Quantity.ONE), clock.now()))
        .isInstanceOf(HoldResult.SoldOut.class);
  }

  @Test
  void anOrderRedisDecidedButNoServerRecordedIsRecordedByTheNextSweep() {
    Event event = openEvent(10);
    Hold hold = hold(first, event, 1, 2);
    // A server stopped between Redis's decision and PostgreSQL's record.
    OrderId id = OrderId.random();
    store
        .redis()
        .fcall(
            first.function("inventory_complete"),
            ScriptOutputType.MULTI,
            first.keys(event.id()),
            String.valueOf(clock.now().toEpochMilli()),
            "1000",
            "0",
            hold.id().value(),
            hold.user().value(),
            id.value());
    assertThat(store.records().orders().find(id)).isEmpty();

    second.recordUnrecorded(clock.now().plus(Duration.ofSeconds(11)));

    assertThat(store.records().orders().find(id)).isPresent();
    assertThat(stock(first, event)).isEqualTo(new TypeStock(GA, 10, 8, 0, 2));
  }

  @Test
  void anEventLeavesTheSweepOnceItsSaleClosedAndNothingWaitsInIt() {
    Event event = openEvent(10);
    Hold hold = hold(first, event, 1, 2);
    complete(hold);
    hold(first, event, 2, 1); // left to expire
    String open = store.namespace() + ":stock-open";

    clock.advance(Duration.between(clock.now(), event.saleWindow().closesAt()));
    first.sweep(clock.now());
    assertThat(store.redis().smembers(open))
        .as("holds may still be live")
        .contains(event.id().value());

    clock.advance(event.holdTtl().plus(RedisInventory.RETIRED_AFTER).plusSeconds(1));
    first.sweep(clock.now());

    assertThat(store.redis().smembers(open)).doesNotContain(event.id().value());
    assertThat(stock(second, event)).isEqualTo(new TypeStock(GA, 10, 8, 0, 2));
  }

  @Test
  void aHoldRedisCompletesAgainAfterForgettingItsCompletionAnswersTheRecordedOrder() {
    Event event = openEvent(10);
    Hold hold = hold(first, event, 1, 2);
    Order recorded = complete(hold);
    // Redis comes back from a copy taken before the completion: the hold is live there again.
    store.forgetHotState();
    first.stock(event.id());
    store
        .redis()
        .fcall(
            first.function("inventory_hold"),
            ScriptOutputType.MULTI,
            first.keys(event.id()),
            String.valueOf(clock.now().toEpochMilli()),
            "1000",
            "0",
            hold.id().value(),
            hold.user().value(),
            "GA",
            "2",
            "4",
            String.valueOf(hold.expiresAt().toEpochMilli()));

    CompleteResult again = second.complete(hold.id(), hold.user(), clock.now());

    assertThat(again).isEqualTo(new CompleteResult.Completed(recorded, true));
    assertThat(second.complete(hold.id(), hold.user(), clock.now()))
        .isEqualTo(new CompleteResult.Completed(recorded, true));
    assertThat(store.records().orders().byUser(hold.user())).containsExactly(recorded);
  }

  private Order complete(Hold hold) {
    CompleteResult result = first.complete(hold.id(), hold.user(), clock.now());
    assertThat(result).isInstanceOf(CompleteResult.Completed.class);
    return ((CompleteResult.Completed) result).order();
  }
}
