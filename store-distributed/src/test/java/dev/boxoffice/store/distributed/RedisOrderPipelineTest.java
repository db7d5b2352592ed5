package dev.boxoffice.store.distributed;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.StoreUnavailableException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.flashsale.FlashSale;
import dev.boxoffice.core.flashsale.FlashTerms;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.order.OrderState;
import dev.boxoffice.core.order.PurchaseResult;
import dev.boxoffice.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the order pipeline on Redis, RabbitMQ and PostgreSQL promises beyond the port's contract: an
 * order RabbitMQ did not take is undone, one no queue carries is settled by the sweep, one Redis
 * forgot is taken in again or failed, and a message nobody can settle is dead-lettered and can be
 * replayed. Its worker does not run: each test settles by hand.
 */
class RedisOrderPipelineTest {
  private final MutableClock clock = new MutableClock();
  private TestInventory store;
  private FlashSale flash;
  private RedisOrderPipeline pipeline;

  @BeforeEach
  void open() {
    store = TestInventory.open(clock);
    flash = store.flashSale(false);
    pipeline = store.pipeline();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  private Event openEvent(int capacity) {
    Event event = anEvent(clock.now()).capacity(GA, capacity).perUserLimit(2).build();
    assertThat(store.inventory().setUp(event)).isTrue();
    assertThat(flash.configure(event.id(), new FlashTerms(0, Duration.ofSeconds(10)))).isTrue();
    return event;
  }

  private PurchaseResult buy(Event event, String user) {
    return flash.purchase(
        HoldRequest.openSale(event.id(), user(user), GA, new Quantity(1)), clock.now());
  }

  private Order accepted(Event event, String user) {
    PurchaseResult result = buy(event, user);
    assertThat(result).isInstanceOf(PurchaseResult.Accepted.class);
    return ((PurchaseResult.Accepted) result).order();
  }

  private TypeStock stock(Event event) {
    return store.inventory().stock(event.id()).orElseThrow().of(GA).orElseThrow();
  }

  @Test
  void anOrderIsPendingUntilAWorkerSettlesIt() {
    Event event = openEvent(10);
    Order order = accepted(event, "ann");
    assertThat(pipeline.find(order.id())).contains(new OrderState.Pending(order));
    assertThat(pipeline.depth()).isEqualTo(1);
    assertThat(store.queue().counts().ready()).isEqualTo(1);

    assertThat(pipeline.finalise(clock.now())).isEqualTo(1);

    assertThat(pipeline.find(order.id())).isEmpty();
    assertThat(store.records().orders().find(order.id())).contains(order);
    assertThat(pipeline.depth()).isZero();
    assertThat(stock(event).sold()).isEqualTo(1);
  }

  @Test
  void whileRabbitMqIsUnreachablePurchasesAreAnswered503AndDecideNothing() {
    Event event = openEvent(10);
    store.queue().close();

    assertThatThrownBy(() -> buy(event, "ann")).isInstanceOf(StoreUnavailableException.class);

    assertThat(stock(event).available()).isEqualTo(10);
    String[] keys = ((RedisFlashSale) flash).keys(event.id(), user("ann"));
    assertThat(store.redis().exists(keys[keys.length - 1])).isZero();
  }

  @Test
  void aPurchaseRabbitMqDoesNotTakeIsUndoneAndAnswered503() throws Exception {
    Event event = openEvent(10);
    // RabbitMQ answers, but has nowhere to put the order: it returns it.
    TestInventory.onRabbitMq(channel -> channel.queueDelete(queueName()));

    assertThatThrownBy(() -> buy(event, "ann")).isInstanceOf(StoreUnavailableException.class);

    TypeStock stock = stock(event);
    assertThat(stock.available()).isEqualTo(10);
    assertThat(stock.held()).isZero();
    assertThat(pipeline.depth()).isZero();
    String[] keys = ((RedisFlashSale) flash).keys(event.id(), user("ann"));
    assertThat(store.redis().exists(keys[keys.length - 1]))
        .as("the attempt no longer counts toward the buyer's interval")
        .isZero();
  }

  @Test
  void aWithdrawnOrderDeliveredLatePlacesNothingAndItsBuyerMayTryAgainAtOnce() {
    Event event = openEvent(10);
    Order order = accepted(event, "ann");
    assertThat(buy(event, "ann")).isInstanceOf(PurchaseResult.TooSoon.class);
    store
        .inventory()
        .callLoading(
            event,
            "inventory_withdraw",
            ((RedisFlashSale) flash).keys(event.id(), user("ann")),
            RedisInventory.millis(order.createdAt()),
            order.hold().value(),
            RedisInventory.millis(order.createdAt().plusSeconds(10)));
    assertThat(stock(event).available()).isEqualTo(10);

    pipeline.finalise(clock.now());

    assertThat(store.records().orders().find(order.id())).isEmpty();
    assertThat(stock(event).sold()).isZero();
    assertThat(buy(event, "ann")).isInstanceOf(PurchaseResult.Accepted.class);
  }

  @Test
  void anOrderNoQueueCarriesIsSettledByTheSweepOnceStranded() throws Exception {
    Event event = openEvent(10);
    Order order = accepted(event, "ann");
    purge(); // as if its server stopped before RabbitMQ had it

    pipeline.sweep(clock.now());
    assertThat(pipeline.find(order.id())).contains(new OrderState.Pending(order));
    clock.advance(RedisOrderPipeline.STRANDED_AFTER.plusSeconds(1));
    pipeline.sweep(clock.now());

    assertThat(store.records().orders().find(order.id())).contains(order);
    assertThat(pipeline.find(order.id())).isEmpty();
    assertThat(stock(event).sold()).isEqualTo(1);
  }

  @Test
  void anOrderRedisForgotIsTakenInAgainWhenItsTicketsAreLeft() {
    Event event = openEvent(2);
    Order order = accepted(event, "ann");
    store.forgetHotState();

    pipeline.finalise(clock.now());

    assertThat(store.records().orders().find(order.id())).contains(order);
    TypeStock stock = stock(event);
    assertThat(stock.sold()).isEqualTo(1);
    assertThat(stock.available()).isEqualTo(1);
  }

  @Test
  void anOrderRedisForgotFailsWhenItsTicketsWereSoldAgain() {
    Event event = openEvent(1);
    Order ann = accepted(event, "ann");
    store.forgetHotState();
    Order bob = accepted(event, "bob"); // Redis reloaded from PostgreSQL, which had no sale

    pipeline.finalise(clock.now());

    assertThat(pipeline.find(ann.id())).get().isInstanceOf(OrderState.Failed.class);
    assertThat(store.records().orders().find(ann.id())).isEmpty();
    assertThat(store.records().orders().find(bob.id())).contains(bob);
    assertThat(stock(event).sold()).isEqualTo(1);
  }

  @Test
  void anOrderPostgresRefusesFailsAndItsTicketsAreNotSoldTwice() {
    Event event = openEvent(1);
    Order ann = accepted(event, "ann");
    // Another server sold the ticket while Redis forgot it: PostgreSQL has it.
    Order other =
        new Order(
            OrderId.random(),
            HoldId.random(event.id(), clock.now()),
            event.id(),
            user("bob"),
            GA,
            1,
            ann.total(),
            clock.now());
    assertThat(store.records().orders().record(List.of(other)).refused()).isEmpty();

    pipeline.finalise(clock.now());

    assertThat(pipeline.find(ann.id())).get().isInstanceOf(OrderState.Failed.class);
    assertThat(store.records().orders().find(ann.id())).isEmpty();
    assertThat(pipeline.depth()).isZero();
    TypeStock stock = stock(event);
    assertThat(stock.sold()).isEqualTo(1);
    assertThat(stock.held()).isZero();
  }

  @Test
  void anOrderDeliveredAgainAfterRedisForgotItIsNotSoldTwice() throws Exception {
    Event event = openEvent(2);
    Order order = accepted(event, "ann");
    pipeline.finalise(clock.now());
    store.forgetHotState();
    publish(RabbitOrderQueue.encode(order)); // its worker stopped before it acknowledged

    pipeline.finalise(clock.now());

    assertThat(store.records().orders().byUser(user("ann"))).containsExactly(order);
    TypeStock stock = stock(event);
    assertThat(stock.sold()).isEqualTo(1);
    assertThat(stock.available()).isEqualTo(1);
  }

  @Test
  void anOrderOfNoKnownEventIsDeadLetteredAndCanBeReplayed() throws Exception {
    Event event = openEvent(10);
    Order stray =
        new Order(
            OrderId.random(),
            HoldId.random(new EventId("nowhere"), clock.now()),
            new EventId("nowhere"),
            user("ann"),
            GA,
            1,
            new Money(100, "EUR"),
            clock.now());
    publish(RabbitOrderQueue.encode(stray));
    publish("not an order".getBytes(StandardCharsets.UTF_8));
    Order order = accepted(event, "bob");

    pipeline.finalise(clock.now());

    assertThat(store.records().orders().find(order.id())).contains(order);
    assertThat(store.queue().counts()).isEqualTo(new RabbitOrderQueue.Counts(0, 2));
    assertThat(store.queue().replayDeadLetters()).isEqualTo(2);
    assertThat(store.queue().counts()).isEqualTo(new RabbitOrderQueue.Counts(2, 0));
  }

  private void publish(byte[] body) throws Exception {
    TestInventory.onRabbitMq(channel -> channel.basicPublish("", queueName(), null, body));
  }

  private void purge() throws Exception {
    TestInventory.onRabbitMq(channel -> channel.queuePurge(queueName()));
  }

  private String queueName() {
    return store.deployment() + ".orders";
  }
}
