package dev.boxoffice.store.distributed;

import static dev.boxoffice.store.distributed.RedisInventory.PENDING;
import static dev.boxoffice.store.distributed.RedisInventory.UNRECORDED;
import static dev.boxoffice.store.distributed.RedisInventory.text;

import dev.boxoffice.core.StoreUnavailableException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.order.OrderPipeline;
import dev.boxoffice.core.order.OrderState;
import io.lettuce.core.KeyValue;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OrderPipeline} port on Redis, RabbitMQ and PostgreSQL. A purchase's order is pending
 * in its event's {@code pending} hash in Redis (its tickets held, see {@code inventory.lua}) and in
 * RabbitMQ's queue ({@link RabbitOrderQueue}); settling it ({@link #settle}), which any worker does
 * as the queue delivers, confirms it in Redis ({@code inventory_confirm}: the tickets are sold),
 * then records it in PostgreSQL with its batch in one transaction. Each step is idempotent, so an
 * order delivered twice, or settled by a worker and the sweep at once, is placed once.
 *
 * <p>A pending order's id is indexed in one hash ({@code NAME:orders-pending}: order id to
 * reservation) from its acceptance until it is recorded, so that {@link #find} goes from an order
 * id to its event and {@link #depth} counts the deployment's pending orders. An order leaves the
 * index only once PostgreSQL has it (or failed it), so a reader asking here first and then the
 * orders never misses one.
 *
 * <p>Should a server stop between Redis's decision and RabbitMQ's confirmation, the order is
 * pending in Redis and in no queue: the sweep ({@link #sweepEvery}) settles every order pending for
 * longer than {@link #STRANDED_AFTER}. Its buyer, who was not told it was accepted, finds it among
 * their orders.
 *
 * <p>Thread policy: thread-safe.
 */
final class RedisOrderPipeline implements OrderPipeline, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisOrderPipeline.class);

  /** How long an order is pending before the sweep settles it as one no queue delivered. */
  static final Duration STRANDED_AFTER = Duration.ofSeconds(60);

  /** How long {@link #finalise} waits for other servers' workers at most. */
  private static final Duration FINALISE_WAIT = Duration.ofSeconds(30);

  private final RedisCommands<String, String> redis;
  private final String index;
  private final RedisInventory inventory;
  private final PostgresOrders orders;
  private final RabbitOrderQueue queue;
  private volatile Consumer<List<Duration>> finalised = latencies -> {};
  private Instant lastCleanup = Instant.EPOCH;
  private final Rounds sweeper = new Rounds("pipeline-sweep", "Sweeping pending orders", log);

  RedisOrderPipeline(
      RedisCommands<String, String> redis,
      String namespace,
      RedisInventory inventory,
      PostgresOrders orders,
      RabbitOrderQueue queue) {
    this.redis = redis;
    this.index = namespace + ":orders-pending";
    this.inventory = inventory;
    this.orders = orders;
    this.queue = queue;
    inventory.onUnsold(this::unsold);
  }

  /**
   * Settles from now on what the queue delivers to this server, and every {@code period} what no
   * queue delivered. A deployment needs at least one server that works; several may.
   */
  void workEvery(Duration period, InstantSource clock) {
    queue.consume(delivered -> settle(delivered, clock.instant()));
    sweeper.every(period, () -> sweep(clock.instant()));
  }

  /**
   * Tells {@code listener} of each batch this server settles: how long each order it confirmed took
   * from its acceptance (for the server's metrics).
   */
  void onFinalised(Consumer<List<Duration>> listener) {
    this.finalised = listener;
  }

  /**
   * Hands a pending order Redis accepted to the queue, returning once RabbitMQ has it durably.
   *
   * @throws StoreUnavailableException if RabbitMQ did not take it; the caller undoes the purchase
   */
  void hand(Order order) {
    redis.hset(index, order.id().value(), order.hold().value());
    queue.publish(order);
  }

  /** Whether orders can be handed to the queue now: RabbitMQ's connection is open. */
  boolean accepting() {
    return queue.healthy();
  }

  /**
   * Forgets a pending order its server withdrew, recording the withdrawal in PostgreSQL too, so
   * that a late delivery of it places nothing even once Redis has forgotten the withdrawal.
   */
  void withdrawn(Order order) {
    try {
      orders.fail(order, "the order pipeline did not take it: nothing was sold, try again");
    } catch (RuntimeException e) {
      log.warn("Withdrawn order {} is marked in Redis only: {}", order.id(), e.toString());
    }
    redis.hdel(index, order.id().value());
  }

  @Override
  public Optional<OrderState> find(OrderId id) {
    String reservation = redis.hget(index, id.value());
    if (reservation != null) {
      HoldId hold = new HoldId(reservation);
      Optional<Event> event = inventory.event(hold.event());
      if (event.isPresent()) {
        String[] keys = inventory.keys(event.get().id());
        // Confirming moves an order from pending to unrecorded at once: read in that order.
        String text = redis.hget(keys[PENDING], reservation);
        if (text == null) {
          text = redis.hget(keys[UNRECORDED], reservation);
        }
        if (text != null) {
          return Optional.of(new OrderState.Pending(RedisInventory.parse(event.get(), hold, text)));
        }
      }
    }
    return orders.failed(id).map(OrderState.class::cast);
  }

  @Override
  public long depth() {
    return redis.hlen(index);
  }

  /**
   * Settles the orders ready in the queue on this thread, then waits (up to {@link #FINALISE_WAIT})
   * for every order pending before the call to be settled by whichever worker has it; returns how
   * many of those are settled.
   */
  @Override
  public int finalise(Instant now) {
    List<String> before = redis.hkeys(index);
    long deadline = System.nanoTime() + FINALISE_WAIT.toNanos();
    queue.drain(delivered -> settle(delivered, now));
    long left = stillPending(before);
    while (left > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      queue.drain(delivered -> settle(delivered, now));
      left = stillPending(before);
    }
    return Math.toIntExact(before.size() - left);
  }

  /** How many of {@code ids} are still pending. */
  private long stillPending(List<String> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return redis.hmget(index, ids.toArray(String[]::new)).stream()
        .filter(KeyValue::hasValue)
        .count();
  }

  /**
   * Settles orders the queue delivered (or the sweep found): confirms each in Redis, records those
   * confirmed in PostgreSQL in one transaction, and fails those whose tickets are gone. Returns
   * those no server can settle: of an event whose stock is not open.
   */
  List<Order> settle(List<Order> delivered, Instant now) {
    List<Order> known = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    List<Order> unknown = new ArrayList<>();
    for (Order order : delivered) {
      Optional<Event> event = inventory.event(order.event());
      if (event.isPresent()) {
        known.add(order);
        events.add(event.get());
      } else {
        unknown.add(order);
      }
    }
    List<List<Object>> answers =
        inventory.callAll(
            "inventory_confirm",
            known.stream()
                .map(o -> new RedisLibrary.Call(inventory.keys(o.event()), reservation(o)))
                .toList());
    List<Order> confirmed = new ArrayList<>();
    for (int i = 0; i < known.size(); i++) {
      Order order = known.get(i);
      Event event = events.get(i);
      List<Object> answer = answers.get(i);
      if ("absent".equals(text(answer, 0))) {
        // Redis restarted empty since: load the event's stock, then confirm.
        answer = inventory.callLoading(event, "inventory_confirm", reservation(order));
      }
      if ("forgotten".equals(text(answer, 0))) {
        answer = adopt(event, order);
      }
      switch (text(answer, 0)) {
        case "confirmed" -> confirmed.add(order);
        case "withdrawn", "settled" -> {}
        case "unsold", "over" -> fail(order);
        default -> throw RedisInventory.unexpected(answer);
      }
    }
    inventory.recordAll(confirmed, now);
    if (!confirmed.isEmpty()) {
      finalised.accept(confirmed.stream().map(o -> Duration.between(o.createdAt(), now)).toList());
    }
    if (!known.isEmpty()) {
      redis.hdel(index, known.stream().map(o -> o.id().value()).toArray(String[]::new));
    }
    return unknown;
  }

  /**
   * Settles an order Redis forgot (it restarted since it accepted the order): nothing to do if
   * PostgreSQL recorded or failed it before; else Redis takes it in, if its tickets are still there
   * ({@code inventory_adopt}).
   */
  private List<Object> adopt(Event event, Order order) {
    if (orders.ofHold(order.hold()).isPresent() || orders.failed(order.id()).isPresent()) {
      return List.of("settled");
    }
    return inventory.callLoading(
        event, "inventory_adopt", order.hold().value(), RedisInventory.text(order));
  }

  /** The arguments of {@code inventory_confirm} for {@code order}. */
  private static String[] reservation(Order order) {
    return new String[] {order.hold().value()};
  }

  /** Fails a purchase whose sale PostgreSQL refused, if it is one this pipeline carries. */
  private void unsold(Order order) {
    if (redis.hexists(index, order.id().value())) {
      fail(order);
      redis.hdel(index, order.id().value());
    }
  }

  /** Records that an accepted order could not be sold: its tickets were sold to others. */
  private void fail(Order order) {
    log.error("Order {} failed: its tickets were sold while it waited", order.id());
    orders.fail(
        order,
        "its tickets were sold while it waited to be confirmed: nothing was charged, try again");
  }

  /**
   * Settles the orders pending for longer than {@link #STRANDED_AFTER} (no queue has them), and
   * forgets index entries whose order is neither pending nor unrecorded (withdrawn, or settled by a
   * worker that stopped before it could say so).
   */
  void sweep(Instant now) {
    List<Order> stranded =
        inventory.ordersIn(inventory.openEvents(), PENDING, now.minus(STRANDED_AFTER));
    if (!stranded.isEmpty()) {
      log.warn(
          "Settling {} orders pending for over {} s", stranded.size(), STRANDED_AFTER.toSeconds());
      settleEach(stranded, now);
    }
    if (now.isAfter(lastCleanup.plus(STRANDED_AFTER))) {
      lastCleanup = now;
      forgetSettled();
    }
  }

  /** Settles {@code stranded}, each on its own if they fail together, so none holds up the rest. */
  private void settleEach(List<Order> stranded, Instant now) {
    try {
      settle(stranded, now);
    } catch (RuntimeException e) {
      if (ServiceFailures.outage(e)) {
        throw e;
      }
      for (Order order : stranded) {
        try {
          settle(List.of(order), now);
        } catch (RuntimeException failed) {
          log.error("Settling stranded order {} failed", order.id(), failed);
        }
      }
    }
  }

  /**
   * Drops the index entries whose order is neither pending nor unrecorded: settled or withdrawn.
   */
  private void forgetSettled() {
    Map<EventId, List<Map.Entry<String, String>>> byEvent = new HashMap<>();
    redis
        .hgetall(index)
        .forEach(
            (id, reservation) ->
                byEvent
                    .computeIfAbsent(new HoldId(reservation).event(), e -> new ArrayList<>())
                    .add(Map.entry(id, reservation)));
    byEvent.forEach(
        (event, entries) -> {
          String[] keys = inventory.keys(event);
          String[] reservations = entries.stream().map(Map.Entry::getValue).toArray(String[]::new);
          // In the order an order moves (pending, then unrecorded), so that none is missed moving.
          List<KeyValue<String, String>> pending = redis.hmget(keys[PENDING], reservations);
          List<KeyValue<String, String>> unrecorded = redis.hmget(keys[UNRECORDED], reservations);
          for (int i = 0; i < entries.size(); i++) {
            if (!pending.get(i).hasValue() && !unrecorded.get(i).hasValue()) {
              redis.hdel(index, entries.get(i).getKey());
            }
          }
        });
  }

  @Override
  public void close() {
    sweeper.close();
  }
}
