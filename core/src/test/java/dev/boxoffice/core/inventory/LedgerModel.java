package dev.boxoffice.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A plain model of one event's holds and orders, written from the rules rather than from {@link
 * EventLedger}, against which property tests check a ledger or a whole store step by step. It
 * predicts the outcome of every operation and asserts that the real answer matches.
 *
 * <p>The model ends expired holds exactly where the rules say a decision does (before deciding a
 * hold of a known type, and when the holder completes an expired hold, and on {@code expire}). A
 * store may also end them on its own timer; {@link #checkStock} allows for that when told to.
 *
 * <p>Not thread-safe; one model per generated sequence.
 */
public final class LedgerModel {
  /** Users that take part in generated sequences. */
  public static final int USERS = 5;

  /** A user who never holds anything: completes and releases as someone else. */
  public static final UserId STRANGER = TestEvents.user("stranger");

  /** Ticket types generated operations ask for; the last one is not part of the event. */
  public static final List<TicketTypeCode> TYPES =
      List.of(TestEvents.GA, TestEvents.VIP, TestEvents.ONE_DAY, TestEvents.UNKNOWN_TYPE);

  /** The event generated sequences run on: small stock and a tight limit, so every case occurs. */
  public static Event event(Instant now) {
    return TestEvents.anEvent(now)
        .capacity(TestEvents.GA, 8)
        .capacity(TestEvents.VIP, 4)
        .capacity(TestEvents.ONE_DAY, 2)
        .perUserLimit(5)
        .holdTtl(Duration.ofSeconds(30))
        .build();
  }

  /** One step of a generated sequence. */
  public sealed interface Op {
    /** {@code user} and {@code type} index {@link #USERS} and {@link #TYPES}. */
    record HoldOp(int user, int type, int quantity) implements Op {}

    /** Completes the {@code pick}-th hold made so far (modulo), as its holder or a stranger. */
    record CompleteOp(int pick, boolean asHolder) implements Op {}

    record ReleaseOp(int pick, boolean asHolder) implements Op {}

    record AdvanceOp(int seconds) implements Op {}

    record ExpireOp() implements Op {}
  }

  /**
   * Random sequences of up to 60 operations. Time advances at most 12 s a step, so a sequence stays
   * within {@link EventLedger#TOMBSTONE_RETENTION} and ended holds stay known.
   */
  public static Arbitrary<List<Op>> operations() {
    Arbitrary<Op> hold =
        Combinators.combine(
                Arbitraries.integers().between(0, USERS - 1),
                Arbitraries.integers().between(0, TYPES.size() - 1),
                Arbitraries.integers().between(1, 4))
            .as(Op.HoldOp::new);
    Arbitrary<Op> complete =
        Combinators.combine(
                Arbitraries.integers().between(0, 1000),
                Arbitraries.frequency(Tuple.of(5, true), Tuple.of(1, false)))
            .as(Op.CompleteOp::new);
    Arbitrary<Op> release =
        Combinators.combine(
                Arbitraries.integers().between(0, 1000),
                Arbitraries.frequency(Tuple.of(5, true), Tuple.of(1, false)))
            .as(Op.ReleaseOp::new);
    Arbitrary<Op> advance = Arbitraries.integers().between(1, 12).map(Op.AdvanceOp::new);
    Arbitrary<Op> expire = Arbitraries.just(new Op.ExpireOp());
    return Arbitraries.frequencyOf(
            Tuple.of(6, hold),
            Tuple.of(3, complete),
            Tuple.of(2, release),
            Tuple.of(2, advance),
            Tuple.of(1, expire))
        .list()
        .ofMinSize(1)
        .ofMaxSize(60);
  }

  private enum State {
    LIVE,
    COMPLETED,
    RELEASED,
    EXPIRED
  }

  private static final class Entry {
    final Hold hold;
    State state = State.LIVE;
    Order order;

    Entry(Hold hold) {
      this.hold = hold;
    }

    boolean dueAt(Instant now) {
      return state == State.LIVE && !now.isBefore(hold.expiresAt());
    }
  }

  private final Event event;
  private final List<Entry> holds = new ArrayList<>();
  private final Map<HoldId, Entry> byId = new HashMap<>();
  private final List<Order> placed = new ArrayList<>();

  public LedgerModel(Event event) {
    this.event = event;
  }

  public static UserId user(int index) {
    return TestEvents.user(index);
  }

  /**
   * Runs {@code op} on {@code target} (a store, or a bare ledger behind the same port) and checks
   * its answer. Checking the state it leaves is the caller's. {@code exactExpiry}: whether {@code
   * expire} must end exactly the due holds, false for a store that also ends them on its own timer.
   */
  public void step(Op op, MutableClock clock, Inventory target, boolean exactExpiry) {
    Instant now = clock.now();
    switch (op) {
      case Op.HoldOp(int user, int type, int quantity) -> {
        HoldRequest request =
            HoldRequest.openSale(event.id(), user(user), TYPES.get(type), new Quantity(quantity));
        onHold(request, now, target.hold(request, now));
      }
      case Op.CompleteOp(int pick, boolean asHolder) ->
          pick(pick)
              .ifPresent(
                  hold -> {
                    UserId user = asHolder ? hold.user() : STRANGER;
                    onComplete(hold.id(), user, now, target.complete(hold.id(), user, now));
                  });
      case Op.ReleaseOp(int pick, boolean asHolder) ->
          pick(pick)
              .ifPresent(
                  hold -> {
                    UserId user = asHolder ? hold.user() : STRANGER;
                    onRelease(hold.id(), user, now, target.release(hold.id(), user, now));
                  });
      case Op.AdvanceOp(int seconds) -> clock.advance(Duration.ofSeconds(seconds));
      case Op.ExpireOp() -> onExpire(now, target.expire(now), exactExpiry);
    }
  }

  /** The {@code pick}-th hold made so far, modulo their number, if any. */
  public Optional<Hold> pick(int pick) {
    return holds.isEmpty() ? Optional.empty() : Optional.of(holds.get(pick % holds.size()).hold);
  }

  /** Checks the answer to a hold request at {@code now} and records it. */
  public void onHold(HoldRequest request, Instant now, HoldResult actual) {
    Optional<TicketType> type = event.ticketType(request.ticketType());
    if (!event.saleWindow().isOpenAt(now)) {
      assertThat(actual)
          .isEqualTo(
              new HoldResult.SaleClosed(
                  event.saleWindow().opensAt(), event.saleWindow().closesAt()));
      return;
    }
    if (type.isEmpty()) {
      assertThat(actual).isEqualTo(new HoldResult.UnknownTicketType(request.ticketType()));
      return;
    }
    expireDue(now);
    int qty = request.quantity().value();
    int already = ticketsOf(request.user());
    int available = type.get().capacity() - held(request.ticketType()) - sold(request.ticketType());
    if (already + qty > event.perUserLimit()) {
      assertThat(actual).isEqualTo(new HoldResult.LimitReached(event.perUserLimit(), already));
    } else if (available < qty) {
      assertThat(actual).isEqualTo(new HoldResult.SoldOut(request.ticketType(), available));
    } else {
      assertThat(actual).isInstanceOf(HoldResult.Held.class);
      Hold hold = ((HoldResult.Held) actual).hold();
      assertThat(hold.event()).isEqualTo(event.id());
      assertThat(hold.user()).isEqualTo(request.user());
      assertThat(hold.ticketType()).isEqualTo(request.ticketType());
      assertThat(hold.quantity()).isEqualTo(request.quantity());
      assertThat(hold.createdAt()).isEqualTo(now);
      assertThat(hold.expiresAt()).isEqualTo(now.plus(event.holdTtl()));
      assertThat(byId).doesNotContainKey(hold.id());
      Entry entry = new Entry(hold);
      holds.add(entry);
      byId.put(hold.id(), entry);
    }
  }

  /** Checks the answer to completing {@code id} as {@code user} at {@code now} and records it. */
  public void onComplete(HoldId id, UserId user, Instant now, CompleteResult actual) {
    Entry entry = byId.get(id);
    if (entry == null || !entry.hold.user().equals(user)) {
      assertThat(actual).isEqualTo(new CompleteResult.NotFound(id));
      return;
    }
    if (entry.dueAt(now)) {
      expireDue(now);
    }
    switch (entry.state) {
      case COMPLETED ->
          assertThat(actual).isEqualTo(new CompleteResult.Completed(entry.order, true));
      case EXPIRED ->
          assertThat(actual).isEqualTo(new CompleteResult.Expired(id, entry.hold.expiresAt()));
      case RELEASED -> assertThat(actual).isEqualTo(new CompleteResult.Released(id));
      case LIVE -> {
        assertThat(actual).isInstanceOf(CompleteResult.Completed.class);
        CompleteResult.Completed completed = (CompleteResult.Completed) actual;
        assertThat(completed.repeated()).isFalse();
        Order order = completed.order();
        Hold hold = entry.hold;
        assertThat(order.hold()).isEqualTo(id);
        assertThat(order.user()).isEqualTo(user);
        assertThat(order.event()).isEqualTo(event.id());
        assertThat(order.ticketType()).isEqualTo(hold.ticketType());
        assertThat(order.quantity()).isEqualTo(hold.quantity().value());
        assertThat(order.createdAt()).isEqualTo(now);
        assertThat(order.total())
            .isEqualTo(
                event
                    .ticketType(hold.ticketType())
                    .orElseThrow()
                    .price()
                    .times(hold.quantity().value()));
        entry.state = State.COMPLETED;
        entry.order = order;
        placed.add(order);
      }
    }
  }

  /** Checks the answer to releasing {@code id} as {@code user} at {@code now} and records it. */
  public void onRelease(HoldId id, UserId user, Instant now, ReleaseResult actual) {
    Entry entry = byId.get(id);
    if (entry == null || !entry.hold.user().equals(user)) {
      assertThat(actual).isEqualTo(new ReleaseResult.NotFound(id));
      return;
    }
    switch (entry.state) {
      case COMPLETED ->
          assertThat(actual).isEqualTo(new ReleaseResult.AlreadyCompleted(entry.order.id()));
      case EXPIRED, RELEASED -> assertThat(actual).isEqualTo(new ReleaseResult.AlreadyEnded(id));
      case LIVE -> {
        if (entry.dueAt(now)) {
          assertThat(actual).isEqualTo(new ReleaseResult.AlreadyEnded(id));
          entry.state = State.EXPIRED;
        } else {
          assertThat(actual).isEqualTo(new ReleaseResult.Released(entry.hold));
          entry.state = State.RELEASED;
        }
      }
    }
  }

  /**
   * Checks the count {@code expire(now)} returned and records the expiry. With {@code exact} false,
   * the store may have ended some of the due holds on its own already.
   */
  public void onExpire(Instant now, int actual, boolean exact) {
    int due = expireDue(now);
    if (exact) {
      assertThat(actual).as("holds expired").isEqualTo(due);
    } else {
      assertThat(actual).as("holds expired").isBetween(0, due);
    }
  }

  /**
   * Checks a stock snapshot against the model: sold exactly; held exactly, or with {@code
   * mayHaveSwept}, anywhere between the holds not yet due and all holds not yet ended.
   */
  public void checkStock(Stock stock, Instant now, boolean mayHaveSwept) {
    assertThat(stock.event()).isEqualTo(event.id());
    assertThat(stock.ticketTypes()).hasSize(event.ticketTypes().size());
    for (TicketType type : event.ticketTypes()) {
      TypeStock actual = stock.of(type.code()).orElseThrow();
      assertThat(actual.capacity()).isEqualTo(type.capacity());
      assertThat(actual.available()).isNotNegative();
      assertThat(actual.held()).isNotNegative();
      assertThat(actual.sold()).isNotNegative();
      assertThat(actual.available() + actual.held() + actual.sold())
          .as("available + held + sold of " + type.code())
          .isEqualTo(type.capacity());
      assertThat(actual.sold()).as("sold " + type.code()).isEqualTo(sold(type.code()));
      if (mayHaveSwept) {
        assertThat(actual.held())
            .as("held " + type.code())
            .isBetween(heldNotDue(type.code(), now), held(type.code()));
      } else {
        assertThat(actual.held()).as("held " + type.code()).isEqualTo(held(type.code()));
      }
    }
    for (int u = 0; u < USERS; u++) {
      assertThat(ticketsNotDue(user(u), now))
          .as("live held + sold of " + user(u))
          .isLessThanOrEqualTo(event.perUserLimit());
    }
  }

  /** Tickets the user holds (in holds not yet ended) or bought. */
  public int ticketsOf(UserId user) {
    int sum = 0;
    for (Entry e : holds) {
      if (e.hold.user().equals(user) && (e.state == State.LIVE || e.state == State.COMPLETED)) {
        sum += e.hold.quantity().value();
      }
    }
    return sum;
  }

  /** The orders the user placed, in the order they were placed. */
  public List<Order> ordersOf(UserId user) {
    return placed.stream().filter(o -> o.user().equals(user)).toList();
  }

  /** How many holds became orders. */
  public int orders() {
    return placed.size();
  }

  private int ticketsNotDue(UserId user, Instant now) {
    int sum = 0;
    for (Entry e : holds) {
      if (e.hold.user().equals(user)
          && ((e.state == State.LIVE && !e.dueAt(now)) || e.state == State.COMPLETED)) {
        sum += e.hold.quantity().value();
      }
    }
    return sum;
  }

  private int expireDue(Instant now) {
    int count = 0;
    for (Entry e : holds) {
      if (e.dueAt(now)) {
        e.state = State.EXPIRED;
        count++;
      }
    }
    return count;
  }

  private int held(TicketTypeCode type) {
    return sum(type, State.LIVE, null);
  }

  private int heldNotDue(TicketTypeCode type, Instant now) {
    return sum(type, State.LIVE, now);
  }

  private int sold(TicketTypeCode type) {
    return sum(type, State.COMPLETED, null);
  }

  private int sum(TicketTypeCode type, State state, Instant notDueAt) {
    int sum = 0;
    for (Entry e : holds) {
      if (e.hold.ticketType().equals(type)
          && e.state == state
          && (notDueAt == null || !e.dueAt(notDueAt))) {
        sum += e.hold.quantity().value();
      }
    }
    return sum;
  }
}
