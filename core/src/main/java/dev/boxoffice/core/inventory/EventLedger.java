package dev.boxoffice.core.inventory;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.LedgerChange.HoldCreated;
import dev.boxoffice.core.inventory.LedgerChange.HoldEnd;
import dev.boxoffice.core.inventory.LedgerChange.HoldEnded;
import dev.boxoffice.core.inventory.LedgerChange.OrderPlaced;
import dev.boxoffice.core.inventory.LedgerChange.OrderQueued;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.order.PurchaseResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The stock, holds and orders of one event, and every rule that decides them. Each decision costs
 * O(log h) for h live holds and does not depend on how many holds ever existed.
 *
 * <p>Invariants, after every method: per ticket type {@code available + held + sold == capacity},
 * none negative, where {@code held} counts live holds and pending orders; a user's live holds,
 * pending orders and orders never exceed the event's per-user limit; a hold is completed at most
 * once, by its holder only, and never after it expired; a pending order is placed at most once.
 *
 * <p>Design: live holds sit in a hash map and in a priority queue ordered by expiry. Completing or
 * releasing a hold removes it from the map only; its queue entry is dropped lazily when it reaches
 * the head, so each hold costs one insertion and one removal in the queue (amortized O(log h)).
 * Ended holds are remembered for a while ({@link #TOMBSTONE_RETENTION} unless the owner says) so
 * that a late complete learns the hold expired (410) rather than that it never existed (404); the
 * tombstones are pruned in insertion order, which keeps their count bounded by the recent rate of
 * endings times the retention. A store that remembers ended holds itself sets the retention to
 * zero.
 *
 * <p>Every change is reported to the caller's {@code Consumer<LedgerChange>} as it happens, so a
 * store can journal exactly what changed; {@link #apply} replays such changes without re-deciding.
 *
 * <p>Thread policy: not thread-safe. The owning store serialises all calls for one event (a lock
 * per event, or one thread per shard).
 */
public final class EventLedger {
  /**
   * How long an ended hold is remembered by default, to answer "expired" rather than "not found".
   */
  public static final Duration TOMBSTONE_RETENTION = Duration.ofMinutes(15);

  /** The most entries a ledger's maps are sized for up front: 1M, 8 MiB of table each. */
  private static final int PRESIZED_UP_TO = 1 << 20;

  private final Event event;
  private final SaleRule rule;
  private final Duration endedKept;
  private final Map<TicketTypeCode, Counts> counts = new LinkedHashMap<>();
  private final Map<HoldId, Hold> live;
  private final PriorityQueue<Hold> byExpiry =
      new PriorityQueue<>(Comparator.comparing(Hold::expiresAt));
  private final Map<UserId, Integer> ticketsPerUser;
  private final Map<HoldId, Order> ordersByHold;
  private final Map<HoldId, Order> pending = new HashMap<>();
  private final Map<HoldId, Tombstone> ended = new HashMap<>();
  private final ArrayDeque<Tombstone> endedInOrder = new ArrayDeque<>();

  /**
   * The ledger of a new event, all its tickets available, judging rights by {@code rule},
   * remembering ended holds for {@link #TOMBSTONE_RETENTION}.
   */
  public EventLedger(Event event, SaleRule rule) {
    this(event, rule, TOMBSTONE_RETENTION);
  }

  /**
   * The same, remembering ended holds for {@code endedKept}; zero for a store that remembers them
   * itself (a hold this ledger does not know is then unknown to it as soon as it ended).
   */
  public EventLedger(Event event, SaleRule rule, Duration endedKept) {
    this.event = event;
    this.rule = rule;
    this.endedKept = endedKept;
    long tickets = 0;
    for (TicketType type : event.ticketTypes()) {
      counts.put(type.code(), new Counts(type.capacity()));
      tickets += type.capacity();
    }
    // Each live hold and each user holding or owning tickets has a ticket at least, so the event's
    // tickets bound these maps: sized for them up front, they never grow by rehashing every entry
    // at once, under the event's lock, in the middle of an on-sale. (A map's table is allocated at
    // its first entry, so an event nobody holds tickets of costs nothing.)
    int expected = (int) Math.min(tickets, PRESIZED_UP_TO);
    live = HashMap.newHashMap(expected);
    ticketsPerUser = HashMap.newHashMap(expected);
    ordersByHold = new HashMap<>();
  }

  public Event event() {
    return event;
  }

  /**
   * Decides a hold request at {@code now}: the sale rule judges its right first, then expired holds
   * end, then the per-person limit and the stock decide.
   */
  public HoldResult hold(
      HoldRequest request, Instant now, HoldId newId, Consumer<LedgerChange> changes) {
    Optional<HoldResult> refused = refusal(request, now, changes);
    if (refused.isPresent()) {
      return refused.get();
    }
    Hold hold =
        new Hold(
            newId,
            event.id(),
            request.user(),
            request.ticketType(),
            request.quantity(),
            now,
            now.plus(event.holdTtl()));
    HoldCreated change = new HoldCreated(hold);
    apply(change);
    changes.accept(change);
    return new HoldResult.Held(hold);
  }

  /**
   * Decides an order placed at once, without a hold for the buyer to complete (a flash sale's
   * purchase), by the same rules as {@link #hold}. Its tickets are then held for the order under
   * {@code reservation}, counted against the buyer's limit, until the order pipeline ends it:
   * {@link #confirm} sells them, {@link #fail} puts them back. A pending order never expires; only
   * the pipeline ends it, so an order acknowledged as pending is never lost to a clock.
   */
  public PurchaseResult purchase(
      HoldRequest request,
      Instant now,
      HoldId reservation,
      OrderId id,
      Consumer<LedgerChange> changes) {
    Optional<HoldResult> refused = refusal(request, now, changes);
    if (refused.isPresent()) {
      return new PurchaseResult.Refused(refused.get());
    }
    Order order =
        Order.of(
            id,
            reservation,
            event,
            request.user(),
            request.ticketType(),
            request.quantity().value(),
            now);
    OrderQueued change = new OrderQueued(order);
    apply(change);
    changes.accept(change);
    return new PurchaseResult.Accepted(order);
  }

  /**
   * Sells the tickets of the pending order under {@code reservation}: the order, placed. Again for
   * an order already confirmed, the same order and no change, so a pipeline that delivers twice
   * places once. Empty for a reservation this ledger has no order for.
   */
  public Optional<Order> confirm(HoldId reservation, Consumer<LedgerChange> changes) {
    Order done = ordersByHold.get(reservation);
    if (done != null) {
      return Optional.of(done);
    }
    Order pending = this.pending.get(reservation);
    if (pending == null) {
      return Optional.empty();
    }
    OrderPlaced change = new OrderPlaced(pending);
    apply(change);
    changes.accept(change);
    return Optional.of(pending);
  }

  /** The sale rule's judgement of {@code right} at {@code now}: a refusal, or empty to go on. */
  public Optional<HoldResult> judge(Entitlement right, Instant now) {
    return rule.refusal(event, right, now);
  }

  /**
   * Why {@code request} may not take tickets at {@code now}, if it may not: the sale rule, the
   * ticket type, then (after expired holds end) the per-person limit and the stock.
   */
  private Optional<HoldResult> refusal(
      HoldRequest request, Instant now, Consumer<LedgerChange> changes) {
    Optional<HoldResult> refused = judge(request.right(), now);
    if (refused.isPresent()) {
      return refused;
    }
    Counts stock = counts.get(request.ticketType());
    if (stock == null) {
      return Optional.of(new HoldResult.UnknownTicketType(request.ticketType()));
    }
    expire(now, changes);
    int qty = request.quantity().value();
    int already = ticketsPerUser.getOrDefault(request.user(), 0);
    if (already + qty > event.perUserLimit()) {
      return Optional.of(new HoldResult.LimitReached(event.perUserLimit(), already));
    }
    if (stock.available() < qty) {
      return Optional.of(new HoldResult.SoldOut(request.ticketType(), stock.available()));
    }
    return Optional.empty();
  }

  /** Completes the user's hold into an order, or says why not. */
  public CompleteResult complete(
      HoldId id, UserId user, Instant now, OrderId newId, Consumer<LedgerChange> changes) {
    Order done = ordersByHold.get(id);
    if (done != null) {
      return done.user().equals(user)
          ? new CompleteResult.Completed(done, true)
          : new CompleteResult.NotFound(id);
    }
    Hold hold = live.get(id);
    if (hold != null && hold.user().equals(user) && hold.isExpiredAt(now)) {
      expire(now, changes);
    }
    if (hold == null || !hold.user().equals(user) || hold.isExpiredAt(now)) {
      Tombstone tombstone = ended.get(id);
      if (tombstone == null || !tombstone.hold().user().equals(user)) {
        return new CompleteResult.NotFound(id);
      }
      return tombstone.how() == HoldEnd.EXPIRED
          ? new CompleteResult.Expired(id, tombstone.hold().expiresAt())
          : new CompleteResult.Released(id);
    }
    Order order = Order.of(newId, id, event, user, hold.ticketType(), hold.quantity().value(), now);
    OrderPlaced change = new OrderPlaced(order);
    apply(change);
    changes.accept(change);
    return new CompleteResult.Completed(order, false);
  }

  /** Releases the user's hold, returning its tickets to the pool. */
  public ReleaseResult release(
      HoldId id, UserId user, Instant now, Consumer<LedgerChange> changes) {
    Order done = ordersByHold.get(id);
    if (done != null && done.user().equals(user)) {
      return new ReleaseResult.AlreadyCompleted(done.id());
    }
    Hold hold = live.get(id);
    if (hold != null && hold.user().equals(user)) {
      HoldEnded change =
          new HoldEnded(hold, hold.isExpiredAt(now) ? HoldEnd.EXPIRED : HoldEnd.RELEASED, now);
      apply(change);
      changes.accept(change);
      return change.how() == HoldEnd.RELEASED
          ? new ReleaseResult.Released(hold)
          : new ReleaseResult.AlreadyEnded(id);
    }
    Tombstone tombstone = ended.get(id);
    if (tombstone != null && tombstone.hold().user().equals(user)) {
      return new ReleaseResult.AlreadyEnded(id);
    }
    return new ReleaseResult.NotFound(id);
  }

  /** Ends every live hold that expired at or before {@code now}; returns how many. */
  public int expire(Instant now, Consumer<LedgerChange> changes) {
    int count = 0;
    while (!byExpiry.isEmpty() && byExpiry.peek().isExpiredAt(now)) {
      Hold hold = byExpiry.poll();
      if (live.containsKey(hold.id())) {
        // Stamped with now, not the expiry, so that a hold that ran out long ago (while the store
        // was down) is still remembered as expired for the full retention.
        HoldEnded change = new HoldEnded(hold, HoldEnd.EXPIRED, now);
        apply(change);
        changes.accept(change);
        count++;
      }
    }
    pruneTombstones(now);
    return count;
  }

  /**
   * Applies a change already decided (by this ledger, before a restart) without checking the rules
   * again. Used to rebuild state from a journal.
   */
  public void apply(LedgerChange change) {
    switch (change) {
      case HoldCreated created -> {
        Hold hold = created.hold();
        counts.get(hold.ticketType()).held += hold.quantity().value();
        ticketsPerUser.merge(hold.user(), hold.quantity().value(), Integer::sum);
        live.put(hold.id(), hold);
        byExpiry.add(hold);
      }
      case HoldEnded end -> {
        Hold hold = live.remove(end.hold().id());
        if (hold != null) {
          counts.get(hold.ticketType()).held -= hold.quantity().value();
          ticketsPerUser.merge(hold.user(), -hold.quantity().value(), EventLedger::sumOrNull);
          if (endedKept.isPositive()) {
            Tombstone tombstone = new Tombstone(hold, end.how(), end.at());
            ended.put(hold.id(), tombstone);
            endedInOrder.add(tombstone);
          }
        }
      }
      case OrderQueued queued -> {
        Order order = queued.order();
        counts.get(order.ticketType()).held += order.quantity();
        ticketsPerUser.merge(order.user(), order.quantity(), Integer::sum);
        pending.put(order.hold(), order);
      }
      case OrderPlaced placed -> {
        Order order = placed.order();
        Hold hold = live.remove(order.hold());
        Order queued = pending.remove(order.hold());
        Counts stock = counts.get(order.ticketType());
        if (hold != null || queued != null) {
          stock.held -= order.quantity();
        } else {
          // Replayed from a store that keeps orders but not the holds they completed.
          ticketsPerUser.merge(order.user(), order.quantity(), Integer::sum);
        }
        stock.sold += order.quantity();
        ordersByHold.put(order.hold(), order);
      }
    }
  }

  /** The current stock of every ticket type, in the event's order. */
  public Stock stock() {
    List<TypeStock> types = new ArrayList<>(counts.size());
    counts.forEach(
        (code, c) -> types.add(new TypeStock(code, c.capacity, c.available(), c.held, c.sold)));
    return new Stock(event.id(), types);
  }

  /** Whether {@code type} is one of the event's and has no ticket available. */
  public boolean soldOut(TicketTypeCode type) {
    Counts stock = counts.get(type);
    return stock != null && stock.available() == 0;
  }

  /**
   * When the earliest live hold expires, or {@link Instant#MAX} when none is live: until then no
   * ticket comes back to the pool by itself. May be earlier than that (a hold that ended otherwise
   * is forgotten lazily), never later.
   */
  public Instant nextExpiry() {
    Hold first = byExpiry.peek();
    return first == null ? Instant.MAX : first.expiresAt();
  }

  /** The live hold with this id, if any. */
  public Optional<Hold> liveHold(HoldId id) {
    return Optional.ofNullable(live.get(id));
  }

  /** Every live hold, in no particular order. */
  public List<Hold> liveHolds() {
    return List.copyOf(live.values());
  }

  /** Tickets the user holds or has bought for this event. */
  public int ticketsOf(UserId user) {
    return ticketsPerUser.getOrDefault(user, 0);
  }

  private void pruneTombstones(Instant now) {
    Instant cutoff = now.minus(endedKept);
    while (!endedInOrder.isEmpty() && endedInOrder.peek().at().isBefore(cutoff)) {
      ended.remove(endedInOrder.poll().hold().id());
    }
  }

  private static Integer sumOrNull(int a, int b) {
    int sum = a + b;
    return sum == 0 ? null : sum;
  }

  private record Tombstone(Hold hold, HoldEnd how, Instant at) {}

  /** Mutable counts of one ticket type; available is derived so the invariant cannot drift. */
  private static final class Counts {
    final int capacity;
    int held;
    int sold;

    Counts(int capacity) {
      this.capacity = capacity;
    }

    int available() {
      return capacity - held - sold;
    }
  }
}
