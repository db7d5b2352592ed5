package dev.boxoffice.store.distributed;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.ReleaseResult;
import dev.boxoffice.core.inventory.SaleRules;
import dev.boxoffice.core.inventory.Stock;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Inventory} port on Redis and PostgreSQL. Redis decides: each hold, completion, release
 * and expiry is one function of the {@code boxoffice_inventory} library ({@code inventory.lua}),
 * atomic on the keys of one event, keeping the rules of core's {@link
 * dev.boxoffice.core.inventory.EventLedger}. PostgreSQL records: an event's stock opens there first
 * ({@code stock_events}, {@code stock}), and a completion is acknowledged only once its order is
 * recorded there ({@link PostgresOrders#record}), where the schema refuses a ticket sold twice.
 *
 * <p>The sale rule of the event's mode judges a request's right in this process before Redis is
 * asked: a rule is a pure function of the event, the right and the time. Decisions are timed in
 * milliseconds: {@code now} is truncated to them.
 *
 * <p>Holds live in Redis only: a Redis that restarts empty forgets them (their tickets return to
 * sale), and each event's stock is loaded again from PostgreSQL's orders at its next decision, so
 * nothing sold is sold again. A completion whose order Redis decided but PostgreSQL has not yet
 * recorded (the server stopped, or PostgreSQL was down) is kept in the event's {@code unrecorded}
 * hash and recorded by the next sweep of any server.
 *
 * <p>Servers that sweep ({@link #sweepEvery}) end the holds that are due in every event ({@link
 * #expire}): the function ends each hold once, so servers sweeping together do no harm.
 *
 * <p>Thread policy: thread-safe.
 */
final class RedisInventory implements Inventory, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisInventory.class);

  /** How many due holds one function call ends at most, so that no call blocks Redis for long. */
  static final int MOST_PER_CALL = 1000;

  /** How long ended holds are remembered, to answer "expired" rather than "not found". */
  static final Duration ENDED_KEPT = Duration.ofDays(1);

  /** How long after its sale closed and its last hold ended an event stays in the sweep. */
  static final Duration RETIRED_AFTER = Duration.ofMinutes(1);

  /** How old an unrecorded order is before a sweep records it, not its own completion. */
  private static final Duration UNRECORDED_AFTER = Duration.ofSeconds(10);

  /**
   * How long a completion waits for PostgreSQL to record its order at most: then it answers 503,
   * the order in doubt (the sweep records it, since Redis decided it).
   */
  static final Duration RECORD_WAIT = Duration.ofSeconds(10);

  /** The name of one of the library's functions in Redis: for tests that call it themselves. */
  String function(String name) {
    return library.function(name);
  }

  /** How many batches of holds were sent to Redis so far (see {@link RedisBatches}). */
  long holdBatches() {
    return holds.sent();
  }

  /** The names of an event's keys, in the order the library's functions take them. */
  private static final String[] KEYS = {
    "stock",
    "users",
    "holds",
    "expiry",
    "ended",
    "endedAt",
    "orders",
    "unrecorded",
    "pending",
    "room:sessions",
    "room:state"
  };

  private static final int STOCK = 0;
  private static final int HOLDS = 2;
  private static final int ORDERS = 6;
  static final int UNRECORDED = 7;
  static final int PENDING = 8;

  private final RedisCommands<String, String> redis;
  private final String namespace;
  private final String openEvents;
  private final PostgresEvents stockEvents;
  private final PostgresOrders orders;
  private final GroupWriter<Order, PostgresOrders.Outcome> recorder;
  private final RedisBatches holds;
  private final SaleRules rules;
  private final RedisLibrary library;
  private final Rounds sweeper = new Rounds("redis-sweep", "Sweeping the inventory", log);
  private volatile Consumer<Order> unsold = order -> {};
  private volatile HoldsEnded holdsEnded = (event, at, holds) -> {};
  private volatile Gate gate;

  /**
   * An inventory with its keys under {@code namespace}, its records in {@code stockEvents} and
   * {@code orders}. It does not sweep until told to ({@link #sweepEvery}).
   */
  RedisInventory(
      RedisCommands<String, String> redis,
      String namespace,
      PostgresEvents stockEvents,
      PostgresOrders orders,
      SaleRules rules) {
    this.redis = redis;
    this.namespace = namespace;
    this.openEvents = namespace + ":stock-open";
    this.stockEvents = stockEvents;
    this.orders = orders;
    this.recorder =
        new GroupWriter<>(
            "order-recorder",
            "PostgreSQL",
            RECORD_WAIT,
            group -> {
              PostgresOrders.Recording recording = orders.record(group);
              return group.stream().map(order -> recording.of(order.hold())).toList();
            });
    this.rules = rules;
    this.library = new RedisLibrary(redis, "inventory.lua", "lottery.lua");
    this.holds = library.batches("inventory_hold");
  }

  /**
   * Sweeps every event from now on, every {@code period} at {@code clock}'s time: ends the holds
   * that are due and records the orders nobody recorded. A deployment needs at least one server
   * that sweeps; several may.
   */
  void sweepEvery(Duration period, InstantSource clock) {
    sweeper.every(period, () -> sweep(clock.instant()));
  }

  void sweep(Instant now) {
    List<Event> open = openEvents();
    expire(open, now);
    recordUnrecorded(open, now);
    retire(open, now);
  }

  @Override
  public boolean setUp(Event event) {
    rules.of(event.mode());
    boolean ours =
        stockEvents.create(event) || stockEvents.find(event.id()).map(event::equals).orElse(false);
    if (!ours) {
      return false;
    }
    load(event);
    return true;
  }

  @Override
  public HoldResult hold(HoldRequest request, Instant now) {
    Optional<Event> found = event(request.event());
    if (found.isEmpty()) {
      return new HoldResult.UnknownEvent(request.event());
    }
    Event event = found.get();
    Optional<HoldResult> refused = rules.of(event.mode()).refusal(event, request.right(), now);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (event.ticketType(request.ticketType()).isEmpty()) {
      return new HoldResult.UnknownTicketType(request.ticketType());
    }
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    Instant expires = at.plus(event.holdTtl());
    HoldId id = HoldId.random(event.id(), at);
    String[] args =
        expiring(
            at,
            id.value(),
            request.user().value(),
            request.ticketType().value(),
            String.valueOf(request.quantity().value()),
            String.valueOf(event.perUserLimit()),
            millis(expires),
            gated(event.id()));
    // In a batch with the holds on the same event (see RedisBatches).
    List<Object> answer = loading(event, () -> holds.call(keys(event.id()), args));
    return switch (text(answer, 0)) {
      case "queue" -> queued(event, request.user(), now);
      case "held" ->
          new HoldResult.Held(
              new Hold(
                  id,
                  event.id(),
                  request.user(),
                  request.ticketType(),
                  request.quantity(),
                  at,
                  expires));
      case "limit" -> new HoldResult.LimitReached(event.perUserLimit(), count(answer, 1));
      case "sold_out" -> new HoldResult.SoldOut(request.ticketType(), count(answer, 1));
      case "unknown_type" -> new HoldResult.UnknownTicketType(request.ticketType());
      default -> throw unexpected(answer);
    };
  }

  @Override
  public CompleteResult complete(HoldId hold, UserId user, Instant now) {
    Optional<Event> found = event(hold.event());
    if (found.isEmpty()) {
      return new CompleteResult.NotFound(hold);
    }
    Event event = found.get();
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    List<Object> answer =
        call(
            event,
            "inventory_complete",
            expiring(at, hold.value(), user.value(), OrderId.random().value()));
    return switch (text(answer, 0)) {
      case "completed" -> {
        Order decided = order(event, hold, answer);
        Optional<Order> recorded = record(event, decided, at);
        yield recorded
            .<CompleteResult>map(
                order ->
                    new CompleteResult.Completed(
                        order, number(answer, 6) == 1 || !order.equals(decided)))
            .orElse(new CompleteResult.Expired(hold, at));
      }
      case "expired" -> {
        holdsEnded.ended(event, at, List.of(hold));
        yield new CompleteResult.Expired(hold, Instant.ofEpochMilli(number(answer, 1)));
      }
      case "released" -> new CompleteResult.Released(hold);
      case "not_found" ->
          recorded(hold, user)
              .<CompleteResult>map(order -> new CompleteResult.Completed(order, true))
              .orElse(new CompleteResult.NotFound(hold));
      default -> throw unexpected(answer);
    };
  }

  @Override
  public ReleaseResult release(HoldId hold, UserId user, Instant now) {
    Optional<Event> found = event(hold.event());
    if (found.isEmpty()) {
      return new ReleaseResult.NotFound(hold);
    }
    Event event = found.get();
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    List<Object> answer = call(event, "inventory_release", millis(at), hold.value(), user.value());
    if (List.of("released", "ended").contains(text(answer, 0))) {
      holdsEnded.ended(event, at, List.of(hold));
    }
    return switch (text(answer, 0)) {
      case "released" ->
          new ReleaseResult.Released(
              new Hold(
                  hold,
                  event.id(),
                  user,
                  new TicketTypeCode(text(answer, 1)),
                  new Quantity(count(answer, 2)),
                  Instant.ofEpochMilli(number(answer, 3)),
                  Instant.ofEpochMilli(number(answer, 4))));
      case "completed" -> new ReleaseResult.AlreadyCompleted(new OrderId(text(answer, 1)));
      case "ended" -> new ReleaseResult.AlreadyEnded(hold);
      case "not_found" ->
          recorded(hold, user)
              .<ReleaseResult>map(order -> new ReleaseResult.AlreadyCompleted(order.id()))
              .orElse(new ReleaseResult.NotFound(hold));
      default -> throw unexpected(answer);
    };
  }

  @Override
  public int expire(Instant now) {
    return expire(openEvents(), now);
  }

  private int expire(List<Event> open, Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    int count = 0;
    for (Event event : open) {
      int ended;
      int endedHere = 0;
      do {
        ended = count(call(event, "inventory_expire", expiring(at)), 0);
        endedHere += ended;
      } while (ended == MOST_PER_CALL);
      if (endedHere > 0) {
        holdsEnded.ended(event, at, List.of());
      }
      count += endedHere;
    }
    return count;
  }

  /** The events whose stock is open in Redis. */
  List<Event> openEvents() {
    List<Event> open = new ArrayList<>();
    for (String id : redis.smembers(openEvents)) {
      event(new EventId(id)).ifPresent(open::add);
    }
    return open;
  }

  @Override
  public Optional<Stock> stock(EventId id) {
    Optional<Event> found = event(id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Event event = found.get();
    Map<String, String> counts = redis.hgetall(keys(event.id())[STOCK]);
    if (counts.isEmpty()) {
      load(event);
      counts = redis.hgetall(keys(event.id())[STOCK]);
    }
    List<TypeStock> types = new ArrayList<>();
    for (TicketType type : event.ticketTypes()) {
      String code = type.code().value();
      int held = Integer.parseInt(counts.get("held:" + code));
      int sold = Integer.parseInt(counts.get("sold:" + code));
      types.add(
          new TypeStock(type.code(), type.capacity(), type.capacity() - held - sold, held, sold));
    }
    return Optional.of(new Stock(event.id(), types));
  }

  /**
   * Takes out of the sweep the events it has nothing more to do for: their sale closed, every hold
   * they could have has ended, and no order waits in them. Their stock stays in Redis.
   */
  private void retire(List<Event> open, Instant now) {
    for (Event event : open) {
      Instant done = event.saleWindow().closesAt().plus(event.holdTtl()).plus(RETIRED_AFTER);
      String[] keys = keys(event.id());
      // In the order an order moves (pending, then unrecorded), so that none is missed moving.
      if (now.isAfter(done)
          && redis.hlen(keys[HOLDS]) == 0
          && redis.hlen(keys[PENDING]) == 0
          && redis.hlen(keys[UNRECORDED]) == 0) {
        redis.srem(openEvents, event.id().value());
      }
    }
  }

  /** Records the orders that Redis decided and no server recorded yet, once they are not new. */
  void recordUnrecorded(Instant now) {
    recordUnrecorded(openEvents(), now);
  }

  private void recordUnrecorded(List<Event> open, Instant now) {
    List<Order> unrecorded = ordersIn(open, UNRECORDED, now.minus(UNRECORDED_AFTER));
    // In groups, as completions are recorded: after an outage there may be thousands.
    for (int from = 0; from < unrecorded.size(); from += GroupWriter.MOST_PER_GROUP) {
      List<Order> group =
          unrecorded.subList(from, Math.min(from + GroupWriter.MOST_PER_GROUP, unrecorded.size()));
      recordAll(group, now.truncatedTo(ChronoUnit.MILLIS));
    }
  }

  /** The orders kept in hash {@code key} of the {@code open} events, made before {@code before}. */
  List<Order> ordersIn(List<Event> open, int key, Instant before) {
    List<Order> found = new ArrayList<>();
    for (Event event : open) {
      redis
          .hgetall(keys(event.id())[key])
          .forEach(
              (hold, text) -> {
                Order order = parse(event, new HoldId(hold), text);
                if (order.createdAt().isBefore(before)) {
                  found.add(order);
                }
              });
    }
    return found;
  }

  /**
   * Records an order Redis decided in PostgreSQL, in the next group, and returns the order that
   * stands for its hold: this one, or the one recorded before (see {@link #recordedBefore}); empty
   * if PostgreSQL refused it (see {@link #recordAll}).
   */
  private Optional<Order> record(Event event, Order order, Instant at) {
    PostgresOrders.Outcome outcome = recorder.write(order);
    if (outcome != PostgresOrders.Outcome.REFUSED) {
      tellRecorded(List.of(order));
    }
    return recorded(event, order, outcome, at);
  }

  /**
   * What follows PostgreSQL's {@code outcome} for an order Redis decided, Redis told of those
   * recorded: the order that stands for its hold, or empty when its sale is undone.
   */
  private Optional<Order> recorded(
      Event event, Order order, PostgresOrders.Outcome outcome, Instant at) {
    return switch (outcome) {
      case RECORDED -> Optional.of(order);
      case BEFORE -> Optional.of(recordedBefore(event, order));
      case REFUSED -> {
        unsell(event, order, at);
        yield Optional.empty();
      }
    };
  }

  /**
   * The order PostgreSQL recorded before for {@code decided}'s hold: the same one, unless Redis
   * completed the hold again after forgetting its completion (restored from a copy older than the
   * completion), making another order; the recorded one stands, and Redis keeps it from now on.
   */
  private Order recordedBefore(Event event, Order decided) {
    Order recorded = orders.ofHold(decided.hold()).orElse(decided);
    if (!recorded.id().equals(decided.id())) {
      log.warn(
          "Redis completed hold {} again as order {}; it was completed as order {}, which stands",
          decided.hold(),
          decided.id(),
          recorded.id());
      redis.hset(keys(event.id())[ORDERS], decided.hold().value(), text(recorded));
    }
    return recorded;
  }

  /**
   * Records orders Redis decided in PostgreSQL, in one transaction. Those PostgreSQL refuses (their
   * types would be sold past capacity: Redis had lost sales it made) are undone in Redis, their
   * holds ended as expired at {@code at}, what Redis counts as sold catches up with PostgreSQL, so
   * that it stops selling what is gone, and {@link #onUnsold}'s listener hears of each.
   */
  void recordAll(List<Order> decided, Instant at) {
    if (decided.isEmpty()) {
      return;
    }
    PostgresOrders.Recording recording = orders.record(decided);
    tellRecorded(decided.stream().filter(o -> !recording.refused().contains(o.hold())).toList());
    for (Order order : decided) {
      recorded(event(order.event()).orElseThrow(), order, recording.of(order.hold()), at);
    }
  }

  /**
   * What stands between a buyer and the stock besides the sale's rule: an event's waiting room,
   * which lets only users whose turn it is take tickets, and ends their turn once they bought.
   */
  interface Gate {
    /** Whether the event sells through its waiting room now: only to users with a live session. */
    boolean gated(EventId event);

    /** Why {@code user} may not take the event's tickets at {@code now}, for a person. */
    HoldResult.QueueRequired refusal(Event event, UserId user, Instant now);
  }

  /**
   * Lets {@code gate} say which events sell through a waiting room: their functions then refuse a
   * user without a live session (the room's {@code sessions} key) in the decision that would take
   * the stock, and a completed purchase ends the session in the decision that completes it.
   */
  void gate(Gate gate) {
    this.gate = gate;
  }

  /** {@code "1"} if the event sells through its waiting room now: the functions' {@code gated}. */
  String gated(EventId event) {
    Gate current = gate;
    return current != null && current.gated(event) ? "1" : "0";
  }

  /** Why the functions refused {@code user} with {@code 'queue'}: no live session. */
  HoldResult queued(Event event, UserId user, Instant now) {
    return gate.refusal(event, user, now);
  }

  /** Hears of the holds this server ends without an order, after each decision that ends them. */
  @FunctionalInterface
  interface HoldsEnded {
    /**
     * Holds of {@code event} ended at {@code at}: {@code holds} (released, or found expired when
     * completed), or, when empty, those the sweep found due, unnamed.
     */
    void ended(Event event, Instant at, List<HoldId> holds);
  }

  /** Tells {@code listener} of the holds this server ends: the lottery passes lapsed offers on. */
  void onHoldsEnded(HoldsEnded listener) {
    this.holdsEnded = listener;
  }

  /**
   * Tells {@code listener} of every order whose sale is undone because PostgreSQL refused it,
   * whoever recorded it: the order pipeline fails the purchases among them.
   */
  void onUnsold(Consumer<Order> listener) {
    this.unsold = listener;
  }

  /**
   * Tells Redis that these orders are in PostgreSQL, in one round trip. Once PostgreSQL has an
   * order the sale is done, whatever happens to Redis next: telling it only spares the sweep
   * recording the order again (which changes nothing), so a Redis that fails here fails no sale.
   */
  private void tellRecorded(List<Order> recorded) {
    try {
      library.callAll(
          "inventory_recorded",
          recorded.stream()
              .map(o -> new RedisLibrary.Call(keys(o.event()), new String[] {o.hold().value()}))
              .toList());
    } catch (RedisException e) {
      log.debug("{} orders are recorded; Redis was not told: {}", recorded.size(), e.toString());
    }
  }

  /** Undoes in Redis the sale of an order PostgreSQL refused; see {@link #recordAll}. */
  private void unsell(Event event, Order order, Instant at) {
    log.error(
        "PostgreSQL refused order {} of hold {}: {} would be sold past capacity; the sale is undone",
        order.id(),
        order.hold(),
        order.ticketType());
    // Told first: once Redis forgets the sale, nothing else remembers that it was made.
    unsold.accept(order);
    int sold = orders.sold(event.id()).types().getOrDefault(order.ticketType(), 0);
    call(event, "inventory_unsell", millis(at), order.hold().value(), String.valueOf(sold));
  }

  /** The user's order of the hold as PostgreSQL records it: for holds Redis no longer knows. */
  private Optional<Order> recorded(HoldId hold, UserId user) {
    return orders.ofHold(hold).filter(order -> order.user().equals(user));
  }

  /** Opens the event's stock in Redis as PostgreSQL records it, unless it is open already. */
  void load(Event event) {
    PostgresOrders.Sold sold = orders.sold(event.id());
    List<String> args = new ArrayList<>();
    args.add(String.valueOf(event.ticketTypes().size()));
    for (TicketType type : event.ticketTypes()) {
      args.add(type.code().value());
      args.add(String.valueOf(type.capacity()));
      args.add(String.valueOf(sold.types().getOrDefault(type.code(), 0)));
    }
    sold.buyers()
        .forEach(
            (user, tickets) -> {
              args.add(user.value());
              args.add(String.valueOf(tickets));
            });
    call(event, "inventory_load", args.toArray(String[]::new));
    redis.sadd(openEvents, event.id().value());
  }

  /** The event whose stock is open under this id. */
  Optional<Event> event(EventId id) {
    return stockEvents.find(id);
  }

  /** The arguments every expiring function starts with: now, how many at most, forget before. */
  static String[] expiring(Instant now, String... more) {
    String[] args = new String[3 + more.length];
    args[0] = millis(now);
    args[1] = String.valueOf(MOST_PER_CALL);
    args[2] = millis(now.minus(ENDED_KEPT));
    System.arraycopy(more, 0, args, 3, more.length);
    return args;
  }

  /** {@link #call}, loading the event's stock first when Redis answers that it is not there. */
  List<Object> callLoading(Event event, String function, String... args) {
    return callLoading(event, function, keys(event.id()), args);
  }

  /**
   * Calls one of the library's functions on {@code keys} (the event's, and any more the function
   * takes), loading the event's stock first when Redis answers that it is not there.
   */
  List<Object> callLoading(Event event, String function, String[] keys, String... args) {
    return loading(event, () -> library.call(function, keys, args));
  }

  /**
   * Makes {@code call}, and again after loading the event's stock if Redis answers it is absent.
   */
  private List<Object> loading(Event event, Supplier<List<Object>> call) {
    List<Object> answer = call.get();
    if (!"absent".equals(text(answer, 0))) {
      return answer;
    }
    load(event);
    return call.get();
  }

  /** Calls one of the library's functions once per call, in one round trip. */
  List<List<Object>> callAll(String function, List<RedisLibrary.Call> calls) {
    return library.callAll(function, calls);
  }

  /** Calls one of the library's functions on the event's keys. */
  List<Object> call(Event event, String function, String... args) {
    return library.call(function, keys(event.id()), args);
  }

  /** The order Redis keeps as {@code "orderId createdMillis user type quantity"}. */
  static Order parse(Event event, HoldId hold, String text) {
    List<Object> answer = new ArrayList<>(List.of("completed"));
    answer.addAll(List.of(text.split(" ")));
    return order(event, hold, answer);
  }

  /** The text Redis keeps for {@code order}; see {@link #parse}. */
  static String text(Order order) {
    return String.join(
        " ",
        order.id().value(),
        millis(order.createdAt()),
        order.user().value(),
        order.ticketType().value(),
        String.valueOf(order.quantity()));
  }

  /**
   * The name of the event's key {@code name}: under the deployment's namespace and the event's hash
   * tag, so that Redis Cluster keeps all of an event's keys on one node.
   */
  String key(EventId event, String name) {
    return namespace + ":{event:" + event.value() + "}:" + name;
  }

  /** The keys of the event, in the order the library's functions take them. */
  String[] keys(EventId event) {
    String[] keys = new String[KEYS.length];
    for (int i = 0; i < KEYS.length; i++) {
      keys[i] = key(event, KEYS[i]);
    }
    return keys;
  }

  private static Order order(Event event, HoldId hold, List<Object> answer) {
    return Order.of(
        new OrderId(text(answer, 1)),
        hold,
        event,
        new UserId(text(answer, 3)),
        new TicketTypeCode(text(answer, 4)),
        count(answer, 5),
        Instant.ofEpochMilli(number(answer, 2)));
  }

  static String millis(Instant at) {
    return String.valueOf(at.toEpochMilli());
  }

  static String text(List<Object> answer, int index) {
    return String.valueOf(answer.get(index));
  }

  static long number(List<Object> answer, int index) {
    return Long.parseLong(text(answer, index));
  }

  static int count(List<Object> answer, int index) {
    return Math.toIntExact(number(answer, index));
  }

  static IllegalStateException unexpected(List<Object> answer) {
    return new IllegalStateException("unexpected answer from Redis: " + answer);
  }

  @Override
  public void close() {
    sweeper.close();
    recorder.close();
  }
}
