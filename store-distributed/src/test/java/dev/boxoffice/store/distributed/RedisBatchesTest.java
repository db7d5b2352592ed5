package dev.boxoffice.store.distributed;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.Race;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Holds on one event sent to Redis in batches (see {@link RedisBatches}). */
class RedisBatchesTest {
  private final MutableClock clock = new MutableClock();
  private TestInventory store;
  private RedisInventory inventory;

  @BeforeEach
  void open() {
    store = TestInventory.open(clock);
    inventory = store.inventory();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  private Event openEvent(int capacity) {
    Event event = anEvent(clock.now()).capacity(GA, capacity).perUserLimit(4).build();
    assertThat(inventory.setUp(event)).isTrue();
    return event;
  }

  private HoldResult hold(Event event, int user) {
    return inventory.hold(
        HoldRequest.openSale(event.id(), user(user), GA, Quantity.ONE), clock.now());
  }

  @Test
  void racingHoldsGoInFewerCallsThanHoldsAndGetExactlyTheTicketsThereAre() throws Exception {
    Event event = openEvent(50);
    long before = inventory.holdBatches();

    List<HoldResult> results = Race.of(400, i -> hold(event, i));

    assertThat(results).filteredOn(HoldResult.Held.class::isInstance).hasSize(50);
    assertThat(results)
        .filteredOn(r -> !(r instanceof HoldResult.Held))
        .allMatch(HoldResult.SoldOut.class::isInstance);
    assertThat(inventory.stock(event.id()).orElseThrow().of(GA).orElseThrow())
        .isEqualTo(new TypeStock(GA, 50, 0, 50, 0));
    assertThat(inventory.holdBatches() - before).isBetween(1L, 399L);
  }

  @Test
  void everyRacerGetsTheAnswerToTheirOwnHold() throws Exception {
    Event event = openEvent(1000);
    Quantity two = new Quantity(2);

    // Ten users, 4 tickets each at most, asking for 1 or 2 at a time: some held, some refused.
    List<HoldResult> results =
        Race.of(
            200,
            i ->
                inventory.hold(
                    HoldRequest.openSale(
                        event.id(), user(i % 10), GA, i % 3 == 0 ? two : Quantity.ONE),
                    clock.now()));

    int held = 0;
    for (HoldResult result : results) {
      if (result instanceof HoldResult.Held(var hold)) {
        held += hold.quantity().value();
        assertThat(inventory.complete(hold.id(), hold.user(), clock.now()))
            .as("a hold its caller was told of is the caller's in Redis")
            .isInstanceOf(CompleteResult.Completed.class);
      } else {
        assertThat(result).isInstanceOf(HoldResult.LimitReached.class);
      }
    }
    assertThat(held).isBetween(30, 40); // each user reaches 3 or 4
    assertThat(inventory.stock(event.id()).orElseThrow().of(GA).orElseThrow())
        .isEqualTo(new TypeStock(GA, 1000, 1000 - held, 0, held));
  }

  @Test
  void aHoldThatFailsInABatchFailsItsCallerAlone() throws Exception {
    Event event = openEvent(1000);
    RedisBatches holds =
        new RedisLibrary(store.redis(), "inventory.lua", "lottery.lua").batches("inventory_hold");
    String now = String.valueOf(clock.now().toEpochMilli());
    String later = String.valueOf(clock.now().plusSeconds(60).toEpochMilli());

    List<Object> answers =
        Race.of(
            50,
            i -> {
              String quantity = i == 25 ? "many" : "1";
              String[] args = {now, "1000", "0", "h" + i, "u" + i, "GA", quantity, "4", later, "0"};
              try {
                return holds.call(inventory.keys(event.id()), args).get(0);
              } catch (RedisCommandExecutionException e) {
                return e;
              }
            });

    assertThat(answers.get(25)).isInstanceOf(RedisCommandExecutionException.class);
    assertThat(answers).filteredOn("held"::equals).hasSize(49);
  }

  @Test
  void aUsersLimitCountsTheirHoldsInTheSameBatch() throws Exception {
    Event event = openEvent(100);

    List<HoldResult> results = Race.of(40, i -> hold(event, 7));

    assertThat(results).filteredOn(HoldResult.Held.class::isInstance).hasSize(4);
    assertThat(results)
        .filteredOn(r -> !(r instanceof HoldResult.Held))
        .containsOnly(new HoldResult.LimitReached(4, 4));
  }

  @Test
  void whileRedisCannotBeReachedEveryCallFailsAtOnceAndNoneWaitsForAnother() throws Exception {
    Event event = openEvent(10);
    RedisStore lost = TestRedis.open(clock);
    RedisBatches holds =
        new RedisLibrary(lost.commands(), "inventory.lua", "lottery.lua").batches("inventory_hold");
    lost.close();
    String now = String.valueOf(clock.now().toEpochMilli());

    List<Throwable> failures =
        Race.of(
            50,
            i -> {
              String[] args = {now, "1000", "0", "h" + i, "u" + i, "GA", "1", "4", now, "0"};
              try {
                holds.call(inventory.keys(event.id()), args);
                return null;
              } catch (RedisException e) {
                return e;
              }
            });

    assertThat(failures)
        .as("refused, not timed out waiting behind a batch that never came back")
        .allSatisfy(
            failure ->
                assertThat(failure)
                    .isInstanceOf(RedisException.class)
                    .isNotInstanceOf(RedisCommandTimeoutException.class));
  }

  @Test
  void whenRedisDoesNotAnswerInTimeTheCallsWaitingBehindFailWithTheBatch() throws Exception {
    Event event = openEvent(10_000);
    Duration timeout = Duration.ofMillis(300);
    try (RedisStore slow = TestRedis.open(clock)) {
      slow.commands().getStatefulConnection().setTimeout(timeout);
      RedisBatches holds =
          new RedisLibrary(slow.commands(), "inventory.lua", "lottery.lua")
              .batches("inventory_hold");
      String now = String.valueOf(clock.now().toEpochMilli());
      // Redis holds back every write for 5 s: more than the 7 batches' timeouts that 600 callers
      // would wait one after the other.
      client(store.redis(), "PAUSE", "5000", "WRITE");
      try {
        List<Long> waited =
            Race.of(
                600,
                i -> {
                  String[] args = {now, "1000", "0", "h" + i, "u" + i, "GA", "1", "4", now, "0"};
                  long start = System.nanoTime();
                  assertThatThrownBy(() -> holds.call(inventory.keys(event.id()), args))
                      .isInstanceOf(RedisCommandTimeoutException.class);
                  return Duration.ofNanos(System.nanoTime() - start).toMillis();
                });

        assertThat(waited)
            .as("no caller waits for batch after batch to time out")
            .allSatisfy(millis -> assertThat(millis).isLessThan(4 * timeout.toMillis()));
      } finally {
        client(store.redis(), "UNPAUSE");
      }
    }
  }

  private static void client(RedisCommands<String, String> redis, String... args) {
    redis.dispatch(
        CommandType.CLIENT,
        new StatusOutput<>(StringCodec.UTF8),
        new CommandArgs<>(StringCodec.UTF8).addKeys(args));
  }

  @Test
  void aHoldAfterRedisForgotTheFunctionsLoadsThemAgain() {
    Event event = openEvent(10);
    assertThat(hold(event, 1)).isInstanceOf(HoldResult.Held.class);
    forgetTheLibrary();

    assertThat(hold(event, 2)).isInstanceOf(HoldResult.Held.class);
    assertThat(hold(event, 3)).isInstanceOf(HoldResult.Held.class);
  }

  @Test
  void callersFindingTheLibraryLostTogetherLoadItOnce() throws Exception {
    RedisLibrary library = new RedisLibrary(store.redis(), "inventory.lua", "lottery.lua");
    String[] keys = new String[8];
    Arrays.setAll(keys, k -> "test:{lost}:" + k);
    forgetTheLibrary();
    long loads = library.loads();

    List<List<Object>> answers =
        Race.of(300, i -> library.call("inventory_recorded", keys, "hold" + i));

    assertThat(answers).allSatisfy(answer -> assertThat(answer).containsExactly(0L));
    assertThat(library.loads() - loads).isEqualTo(1);
  }

  private void forgetTheLibrary() {
    String library = "boxoffice_inventory_" + inventory.function("x").substring(2);
    store
        .redis()
        .dispatch(
            CommandType.FUNCTION,
            new StatusOutput<>(StringCodec.UTF8),
            new CommandArgs<>(StringCodec.UTF8).add("DELETE").add(library));
  }
}
