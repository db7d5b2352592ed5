package dev.boxoffice.store.embedded;

import static dev.boxoffice.store.embedded.InventoryTables.FAILED;
import static dev.boxoffice.store.embedded.InventoryTables.PENDING;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.order.OrderPipeline;
import dev.boxoffice.core.order.OrderState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The {@link OrderPipeline} port in process: the journal is the durable queue (an accepted order's
 * {@link InventoryTables#PENDING} record is in its purchase's commit), and {@link #finalise} is the
 * consumer, run by the store's order thread.
 *
 * <p>Batch policy: the consumer takes what has queued up, up to {@link #MAX_BATCH} orders, and
 * confirms each event's share under that event's lock in one decision, so a batch costs one lock
 * per event and one group commit however many orders it holds: a crowd's orders are finalised in
 * few commits, a lone order at once. Confirming is idempotent ({@link
 * dev.boxoffice.core.inventory.EventLedger#confirm}), so an order delivered twice is placed once;
 * and a batch's commit both places its orders and deletes their queue records, so a crash leaves
 * each order either queued or placed, never both or neither.
 *
 * <p>Once its commit is durable a confirmed order is added to {@link EmbeddedOrders} and only then
 * dropped from what {@link #find} answers, so a reader never misses it.
 *
 * <p>Thread policy: thread-safe; orders are taken from the queue and finalised under {@code
 * finalising}, by one finaliser at a time.
 */
final class EmbeddedOrderPipeline implements OrderPipeline {
  /** The most orders one batch finalises. */
  static final int MAX_BATCH = 2_000;

  private final Journal journal;
  private final EmbeddedInventory inventory;
  private final EmbeddedOrders orders;
  private final JournalListener listener;
  private final InstantSource clock;
  private final LinkedBlockingQueue<Order> queue = new LinkedBlockingQueue<>();
  private final ConcurrentHashMap<OrderId, OrderState> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong pending = new AtomicLong();

  /**
   * Held while orders are taken from the queue and finalised, waiting included, so that {@link
   * #finalise} returns only once every order accepted before it is final, whoever took it.
   */
  private final ReentrantLock finalising = new ReentrantLock();

  EmbeddedOrderPipeline(
      Journal journal,
      EmbeddedInventory inventory,
      EmbeddedOrders orders,
      JournalListener listener,
      InstantSource clock) {
    this.journal = journal;
    this.clock = clock;
    this.inventory = inventory;
    this.orders = orders;
    this.listener = listener;
  }

  /**
   * Puts the pending orders back in their ledgers and the queue, and the failed ones in view.
   * Called once, after the inventory's recovery and before the consumer starts.
   */
  String recover() {
    journal.scan(
        PENDING,
        (reservation, order) -> {
          inventory
              .shard(order.event())
              .ifPresent(
                  shard ->
                      shard.read(
                          state -> {
                            state.ledger().apply(new LedgerChange.OrderQueued(order));
                            return null;
                          }));
          accept(List.of(order));
        });
    journal.scan(
        FAILED,
        (reservation, failed) ->
            inFlight.put(
                failed.order().id(), new OrderState.Failed(failed.order(), failed.reason())));
    return String.format("%,d pending orders", queue.size());
  }

  /** Queues durable pending orders for finalising and shows them as pending. */
  void accept(List<Order> accepted) {
    for (Order order : accepted) {
      inFlight.put(order.id(), new OrderState.Pending(order));
    }
    pending.addAndGet(accepted.size());
    queue.addAll(accepted);
  }

  @Override
  public Optional<OrderState> find(OrderId id) {
    journal.requireHealthy();
    return Optional.ofNullable(inFlight.get(id));
  }

  /** Accepted and not yet final: queued, or in the batch being finalised. */
  @Override
  public long depth() {
    return pending.get();
  }

  @Override
  public int finalise(Instant now) {
    finalising.lock();
    try {
      int count = 0;
      List<Order> batch = new ArrayList<>();
      while (queue.drainTo(batch, MAX_BATCH) > 0) {
        count += finaliseBatch(batch, now);
        batch.clear();
      }
      return count;
    } finally {
      finalising.unlock();
    }
  }

  /**
   * Waits up to {@code wait} for an order, then finalises what has queued up by then, at most one
   * batch: the consumer's step. Returns how many it finalised.
   */
  int finaliseNext(Duration wait) throws InterruptedException {
    finalising.lockInterruptibly();
    try {
      Order first = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
      if (first == null) {
        return 0;
      }
      List<Order> batch = new ArrayList<>();
      batch.add(first);
      queue.drainTo(batch, MAX_BATCH - 1);
      return finaliseBatch(batch, clock.instant());
    } finally {
      finalising.unlock();
    }
  }

  /**
   * Confirms each event's share of {@code batch} in one decision on that event, waits once for all
   * their commits, then shows the orders as placed. Latencies run to when the batch is durable.
   */
  private int finaliseBatch(List<Order> batch, Instant now) {
    Map<EventId, List<Order>> byEvent = new LinkedHashMap<>();
    for (Order order : batch) {
      byEvent.computeIfAbsent(order.event(), e -> new ArrayList<>()).add(order);
    }
    List<CompletableFuture<Void>> commits = new ArrayList<>();
    List<OrderState> outcomes = new ArrayList<>(batch.size());
    byEvent.forEach(
        (event, mine) -> {
          EventShard shard = inventory.shard(event).orElseThrow();
          EventShard.Decided<List<OrderState>> decided =
              shard.decideNow(
                  inventory.onLedger(
                      now, (state, changes, records) -> confirm(state, mine, changes, records)));
          commits.add(decided.durable());
          outcomes.addAll(decided.result());
        });
    Journal.awaitDurable(CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)));
    Instant done = clock.instant();
    List<Duration> latencies = new ArrayList<>(outcomes.size());
    for (OrderState outcome : outcomes) {
      Order order = outcome.order();
      if (outcome instanceof OrderState.Confirmed) {
        orders.add(order);
        inFlight.remove(order.id());
      } else {
        inFlight.put(order.id(), outcome);
      }
      latencies.add(Duration.between(order.createdAt(), done));
    }
    pending.addAndGet(-outcomes.size());
    listener.finalised(latencies);
    return outcomes.size();
  }

  /**
   * Confirms {@code mine} on the event's ledger. An order the ledger has no reservation for fails:
   * it cannot happen while memory and journal agree, and the order is then kept as failed, with its
   * reason, rather than lost.
   */
  private static List<OrderState> confirm(
      EventState state,
      List<Order> mine,
      Consumer<LedgerChange> changes,
      Consumer<JournalRecord> records) {
    List<OrderState> outcomes = new ArrayList<>(mine.size());
    for (Order order : mine) {
      Optional<Order> placed = state.ledger().confirm(order.hold(), changes);
      if (placed.isPresent()) {
        records.accept(new JournalRecord.Delete(PENDING, order.hold().value()));
        outcomes.add(new OrderState.Confirmed(placed.get()));
      } else {
        String reason = "no tickets were held for the order";
        records.accept(new JournalRecord.Delete(PENDING, order.hold().value()));
        records.accept(
            new JournalRecord.Put<>(
                FAILED, order.hold().value(), new InventoryTables.FailedOrder(order, reason)));
        outcomes.add(new OrderState.Failed(order, reason));
      }
    }
    return outcomes;
  }
}
