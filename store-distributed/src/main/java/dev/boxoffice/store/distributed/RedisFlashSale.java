package dev.boxoffice.store.distributed;

import static dev.boxoffice.store.distributed.RedisInventory.count;
import static dev.boxoffice.store.distributed.RedisInventory.millis;
import static dev.boxoffice.store.distributed.RedisInventory.number;
import static dev.boxoffice.store.distributed.RedisInventory.text;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.boxoffice.core.StoreUnavailableException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.flashsale.FlashSale;
import dev.boxoffice.core.flashsale.FlashTerms;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.SaleRules;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.order.PurchaseResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link FlashSale} port on Redis: a purchase is one function of the inventory's library
 * ({@code inventory_purchase}), deciding the buyer's interval (a key per buyer, expiring with it)
 * and the ledger's rules on the event's keys at once; an accepted order is pending there and handed
 * to the {@link RedisOrderPipeline} before its buyer is told. If RabbitMQ does not take it, the
 * purchase is withdrawn ({@code inventory_withdraw}) and answered 503.
 *
 * <p>The sold-out fast path is this server's memory of Redis's last answer: a type Redis answered
 * sold out is known sold out until the event's next hold expires, and at most {@link
 * #SOLD_OUT_KEPT}, so that tickets another server's buyer released are sold here that much later at
 * most. Terms are kept in PostgreSQL and read again in the background after {@link #TERMS_KEPT}.
 *
 * <p>Thread policy: thread-safe.
 */
final class RedisFlashSale implements FlashSale {
  /** How long this server trusts Redis's last "sold out" without asking again. */
  static final Duration SOLD_OUT_KEPT = Duration.ofMillis(500);

  /** How long this server keeps an event's terms before reading them again. */
  static final Duration TERMS_KEPT = Duration.ofSeconds(1);

  private final RedisInventory inventory;
  private final RedisOrderPipeline pipeline;
  private final PostgresFlashTerms stored;
  private final SaleRules rules;

  /**
   * Each event's terms as last read; read again in the background once {@link #TERMS_KEPT} old (one
   * read per event however many ask, the last one answering meanwhile).
   */
  private final LoadingCache<EventId, Optional<FlashTerms>> terms;

  private final Map<List<String>, Instant> soldOutUntil = new ConcurrentHashMap<>();

  RedisFlashSale(
      RedisInventory inventory,
      RedisOrderPipeline pipeline,
      PostgresFlashTerms stored,
      SaleRules rules) {
    this.inventory = inventory;
    this.pipeline = pipeline;
    this.stored = stored;
    this.terms = Caffeine.newBuilder().refreshAfterWrite(TERMS_KEPT).build(stored::find);
    this.rules = rules;
  }

  @Override
  public boolean configure(EventId event, FlashTerms newTerms) {
    boolean set = stored.set(event, newTerms);
    terms.invalidate(event);
    return set;
  }

  @Override
  public Optional<FlashTerms> terms(EventId event) {
    return terms.get(event);
  }

  @Override
  public boolean soldOut(EventId event, TicketTypeCode type, Instant now) {
    Instant until = soldOutUntil.get(key(event, type));
    return until != null && now.isBefore(until);
  }

  @Override
  public PurchaseResult purchase(HoldRequest request, Instant now) {
    Optional<Event> found = inventory.event(request.event());
    if (found.isEmpty()) {
      return new PurchaseResult.Refused(new HoldResult.UnknownEvent(request.event()));
    }
    Event event = found.get();
    Optional<HoldResult> closed = rules.of(event.mode()).refusal(event, request.right(), now);
    if (closed.isPresent()) {
      return new PurchaseResult.Refused(closed.get());
    }
    if (!pipeline.accepting()) {
      // Said before Redis decides anything: there would be nothing but a withdrawal to do.
      throw new StoreUnavailableException("RabbitMQ cannot be used: the order pipeline is down");
    }
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    HoldId reservation = HoldId.random(event.id(), at);
    OrderId id = OrderId.random();
    String user = request.user().value();
    Duration interval = terms(event.id()).orElse(FlashTerms.DEFAULT).purchaseInterval();
    String[] keys = keys(event.id(), request.user());
    List<Object> answer =
        inventory.callLoading(
            event,
            "inventory_purchase",
            keys,
            RedisInventory.expiring(
                at,
                reservation.value(),
                user,
                request.ticketType().value(),
                String.valueOf(request.quantity().value()),
                String.valueOf(event.perUserLimit()),
                id.value(),
                String.valueOf(interval.toMillis()),
                inventory.gated(event.id())));
    return switch (text(answer, 0)) {
      case "queue" -> new PurchaseResult.Refused(inventory.queued(event, request.user(), now));
      case "accepted" -> {
        noteLeft(event.id(), request.ticketType(), answer, at);
        Order order =
            Order.of(
                id,
                reservation,
                event,
                request.user(),
                request.ticketType(),
                request.quantity().value(),
                at);
        yield hand(event, keys, order, interval.isPositive() ? at.plus(interval) : Instant.EPOCH);
      }
      case "too_soon" -> new PurchaseResult.TooSoon(Instant.ofEpochMilli(number(answer, 1)));
      case "sold_out" -> {
        noteLeft(event.id(), request.ticketType(), answer, at);
        yield new PurchaseResult.Refused(
            new HoldResult.SoldOut(request.ticketType(), count(answer, 1)));
      }
      case "limit" ->
          new PurchaseResult.Refused(
              new HoldResult.LimitReached(event.perUserLimit(), count(answer, 1)));
      case "unknown_type" ->
          new PurchaseResult.Refused(new HoldResult.UnknownTicketType(request.ticketType()));
      default -> throw RedisInventory.unexpected(answer);
    };
  }

  /** The keys of a purchase: the event's, then the buyer's next-attempt key. */
  String[] keys(EventId event, UserId user) {
    String[] eventKeys = inventory.keys(event);
    String[] keys = Arrays.copyOf(eventKeys, eventKeys.length + 1);
    keys[eventKeys.length] = inventory.key(event, "next:" + user.value());
    return keys;
  }

  /**
   * Hands the accepted order to the pipeline; if RabbitMQ does not take it, withdraws the purchase
   * (on {@code keys}, the purchase's; the buyer may try again at once: {@code nextAttempt}, the
   * attempt's interval, is lifted) and fails with 503, unless a sweep confirmed the order
   * meanwhile.
   */
  private PurchaseResult hand(Event event, String[] keys, Order order, Instant nextAttempt) {
    try {
      pipeline.hand(order);
      return new PurchaseResult.Accepted(order);
    } catch (RuntimeException e) {
      List<Object> answer =
          inventory.callLoading(
              event,
              "inventory_withdraw",
              keys,
              millis(order.createdAt()),
              order.hold().value(),
              millis(nextAttempt));
      if ("confirmed".equals(text(answer, 0))) {
        return new PurchaseResult.Accepted(order);
      }
      pipeline.withdrawn(order);
      throw e instanceof StoreUnavailableException unavailable
          ? unavailable
          : new StoreUnavailableException("the order pipeline did not take the order", e);
    }
  }

  /**
   * Remembers a type Redis answered has nothing left ({@code {answer, available,
   * nextExpiryMillis}}) as sold out until the next hold expires, {@link #SOLD_OUT_KEPT} at most.
   */
  private void noteLeft(EventId event, TicketTypeCode type, List<Object> answer, Instant at) {
    if (count(answer, 1) > 0) {
      return;
    }
    Instant until = at.plus(SOLD_OUT_KEPT);
    long nextExpiry = number(answer, 2);
    if (nextExpiry > 0 && nextExpiry < until.toEpochMilli()) {
      until = Instant.ofEpochMilli(nextExpiry);
    }
    soldOutUntil.put(key(event, type), until);
  }

  private static List<String> key(EventId event, TicketTypeCode type) {
    return List.of(event.value(), type.value());
  }
}
