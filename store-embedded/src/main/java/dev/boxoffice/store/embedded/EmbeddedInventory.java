package dev.boxoffice.store.embedded;

import static dev.boxoffice.store.embedded.InventoryTables.ENDED;
import static dev.boxoffice.store.embedded.InventoryTables.HOLDS;
import static dev.boxoffice.store.embedded.InventoryTables.ORDERS;
import static dev.boxoffice.store.embedded.InventoryTables.STOCK;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.EventLedger;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.inventory.LedgerChange.HoldEnd;
import dev.boxoffice.core.inventory.ReleaseResult;
import dev.boxoffice.core.inventory.SaleRules;
import dev.boxoffice.core.inventory.Stock;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.store.embedded.InventoryTables.EndedHold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The {@link Inventory} port: each event's {@link EventLedger} in its {@link EventShard}, every
 * change journaled and waited for before it is answered. There is no global lock: events decide in
 * parallel, each under its own.
 *
 * <p>Stock opens ({@link #setUp}) once its record is durable; until then the event is unknown here.
 * Orders are handed to {@link EmbeddedOrders} once durable. Stock reads see decided state, at most
 * the group commit in flight ahead of disk; once the journal has failed, nothing is read or decided
 * any more.
 *
 * <p>Thread policy: thread-safe.
 */
final class EmbeddedInventory implements Inventory {
  /** How long the journal remembers a hold that ended without an order, at least. */
  static final Duration ENDED_KEPT = Duration.ofDays(1);

  private final Journal journal;
  private final Duration endedInLedger;
  private final SaleRules rules;
  private final EmbeddedOrders orders;
  private final ConcurrentHashMap<EventId, EventShard> shards = new ConcurrentHashMap<>();
  private final Reservations<EventId> opening = new Reservations<>();
  private final LongAdder expired = new LongAdder();

  /**
   * An inventory over {@code journal}. {@code endedInLedger}: how long each ledger remembers ended
   * holds itself; zero when the journal keeps the {@link InventoryTables#ENDED} table (the ledger
   * would only repeat it, at a cost in memory and collector time in proportion to the rate at which
   * holds end).
   */
  EmbeddedInventory(
      Journal journal, Duration endedInLedger, SaleRules rules, EmbeddedOrders orders) {
    this.journal = journal;
    this.endedInLedger = endedInLedger;
    this.rules = rules;
    this.orders = orders;
  }

  /**
   * Rebuilds the stock the journal holds: the events, their orders (in the order they were placed),
   * then their live holds. Called once, before the inventory serves anyone.
   *
   * @return what was read: "N events, N orders, N live holds"
   */
  String recover() {
    journal.scan(
        STOCK,
        (id, event) ->
            shards.put(event.id(), new EventShard(new EventState(ledger(event)), journal)));
    List<Order> placed = new ArrayList<>();
    journal.scan(ORDERS, (hold, order) -> placed.add(order));
    placed.sort(Comparator.comparing(Order::createdAt));
    for (Order order : placed) {
      ledgerOf(order.event()).apply(new LedgerChange.OrderPlaced(order));
      orders.add(order);
    }
    LongAdder live = new LongAdder();
    journal.scan(
        HOLDS,
        (id, hold) -> {
          ledgerOf(hold.event()).apply(new LedgerChange.HoldCreated(hold));
          live.increment();
        });
    return String.format(
        "%,d events, %,d orders, %,d live holds", shards.size(), placed.size(), live.sum());
  }

  private EventLedger ledgerOf(EventId event) {
    return shards.get(event).read(EventState::ledger);
  }

  private EventLedger ledger(Event event) {
    return new EventLedger(event, rules.of(event.mode()), endedInLedger);
  }

  /** Holds ended by expiry since start. */
  long expiredHolds() {
    return expired.sum();
  }

  /**
   * Opens the event's stock. Again for the same event it answers true and changes nothing, so a
   * caller whose first attempt failed after this step can go on; for another event with the same
   * id, false. The sale rule is looked up first: a mode without one is refused before anything is
   * written.
   */
  @Override
  public boolean setUp(Event event) {
    journal.requireHealthy();
    EventLedger ledger = ledger(event);
    EventShard open = shards.get(event.id());
    if (open != null) {
      return open.read(s -> s.ledger().event()).equals(event);
    }
    return opening.durably(
        event.id(),
        () -> shards.containsKey(event.id()),
        () -> journal.append(List.of(new JournalRecord.Put<>(STOCK, event.id().value(), event))),
        () -> shards.put(event.id(), new EventShard(new EventState(ledger), journal)));
  }

  @Override
  public HoldResult hold(HoldRequest request, Instant now) {
    journal.requireHealthy();
    EventShard shard = shards.get(request.event());
    if (shard == null) {
      return new HoldResult.UnknownEvent(request.event());
    }
    HoldId id = HoldId.random(request.event(), now);
    return shard.decide(
        onLedger(
            now,
            (state, changes, records) ->
                state
                    .refusal(request, now)
                    .orElseGet(() -> state.ledger().hold(request, now, id, changes))));
  }

  @Override
  public CompleteResult complete(HoldId hold, UserId user, Instant now) {
    journal.requireHealthy();
    EventShard shard = shards.get(hold.event());
    if (shard == null) {
      return new CompleteResult.NotFound(hold);
    }
    OrderId id = OrderId.random();
    CompleteResult result =
        shard.decide(
            onLedger(now, (ledger, changes) -> ledger.complete(hold, user, now, id, changes)));
    // Added on every completion, first or repeated: both waited for the same commit, and a
    // repeated one must not answer before the order can be read.
    if (result instanceof CompleteResult.Completed completed) {
      orders.add(completed.order());
    } else if (result instanceof CompleteResult.NotFound) {
      Optional<EndedHold> ended = ended(hold, user);
      if (ended.isPresent()) {
        return ended.get().how() == HoldEnd.EXPIRED
            ? new CompleteResult.Expired(hold, ended.get().expiresAt())
            : new CompleteResult.Released(hold);
      }
    }
    return result;
  }

  @Override
  public ReleaseResult release(HoldId hold, UserId user, Instant now) {
    journal.requireHealthy();
    EventShard shard = shards.get(hold.event());
    if (shard == null) {
      return new ReleaseResult.NotFound(hold);
    }
    ReleaseResult result =
        shard.decide(onLedger(now, (ledger, changes) -> ledger.release(hold, user, now, changes)));
    if (result instanceof ReleaseResult.NotFound && ended(hold, user).isPresent()) {
      return new ReleaseResult.AlreadyEnded(hold);
    }
    return result;
  }

  /**
   * The user's hold as the journal remembers it after it ended, for a hold the ledger does not know
   * (the ledger forgets ended holds, see the constructor). Asked only after a decision on the
   * event, which waited for every earlier change of it to be durable, so a hold that has ended is
   * found.
   */
  private Optional<EndedHold> ended(HoldId hold, UserId user) {
    return journal.get(ENDED, hold.value()).filter(e -> e.user().equals(user));
  }

  /**
   * Forgets the ended holds of every event that were made more than {@link #ENDED_KEPT} plus the
   * longest hold time before {@code now}: each of them ended, by its expiry at the latest, at least
   * {@link #ENDED_KEPT} ago. Their ids begin with the time they were made, so this is one range per
   * event.
   */
  void forgetEnded(Instant now) {
    Instant made = now.minus(ENDED_KEPT).minus(Event.MAX_HOLD_TTL);
    List<JournalRecord> ranges = new ArrayList<>();
    for (EventId event : shards.keySet()) {
      ranges.add(
          new JournalRecord.DeleteRange(
              ENDED, event.value() + ".", HoldId.firstAt(event, made).value()));
    }
    if (!ranges.isEmpty()) {
      Journal.awaitDurable(journal.append(ranges));
    }
  }

  /**
   * Ends expired holds in every event, then waits once for all their commits together, so a sweep
   * costs one group commit however many events it touches.
   */
  @Override
  public int expire(Instant now) {
    int count = 0;
    List<CompletableFuture<Void>> appends = new ArrayList<>();
    for (EventShard shard : shards.values()) {
      EventShard.Decided<Integer> ended =
          shard.decideNow(onLedger(now, (ledger, changes) -> ledger.expire(now, changes)));
      if (ended.result() > 0) {
        count += ended.result();
        appends.add(ended.durable());
      }
    }
    Journal.awaitDurable(CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)));
    return count;
  }

  @Override
  public Optional<Stock> stock(EventId event) {
    journal.requireHealthy();
    EventShard shard = shards.get(event);
    return shard == null ? Optional.empty() : Optional.of(shard.read(s -> s.ledger().stock()));
  }

  /** A decision on an event's ledger and the feature parts beside it ({@link EventState}). */
  @FunctionalInterface
  interface LedgerDecision<R> {
    R decide(
        EventState state, Consumer<LedgerChange> ledgerChanges, Consumer<JournalRecord> records);
  }

  /** {@link #onLedger(Instant, LedgerDecision)} for a decision on the ledger alone. */
  <R> EventShard.Decision<R> onLedger(
      Instant now, BiFunction<EventLedger, Consumer<LedgerChange>, R> decision) {
    return onLedger(now, (state, changes, records) -> decision.apply(state.ledger(), changes));
  }

  /**
   * A decision on the event's state at {@code now}: the ledger's changes are journaled and heard by
   * the event's parts, which then settle (a lottery hands on lapsed offers) in the same decision.
   */
  <R> EventShard.Decision<R> onLedger(Instant now, LedgerDecision<R> decision) {
    return (state, records) -> {
      Consumer<LedgerChange> changes = state.observed(ledgerChanges(records));
      R result = decision.decide(state, changes, records);
      state.settle(now, changes, records);
      state.publishSoldOut();
      return result;
    };
  }

  /** The shard of {@code event}, once its stock is open. */
  Optional<EventShard> shard(EventId event) {
    return Optional.ofNullable(shards.get(event));
  }

  /** The ledger's changes as journal records, counting the holds that expire. */
  private Consumer<LedgerChange> ledgerChanges(Consumer<JournalRecord> records) {
    return change -> {
      InventoryTables.record(change, records);
      if (change instanceof LedgerChange.HoldEnded ended
          && ended.how() == LedgerChange.HoldEnd.EXPIRED) {
        expired.increment();
      }
    };
  }
}
