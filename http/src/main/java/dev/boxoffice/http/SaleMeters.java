package dev.boxoffice.http;

import dev.boxoffice.core.inventory.HoldResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The purchase feature's counters: {@code boxoffice.holds.granted}, {@code boxoffice.holds.refused}
 * (tagged with the reason), {@code boxoffice.holds.released} and {@code
 * boxoffice.orders.completed}. Every tag comes from {@link Refusal}, a closed set.
 *
 * <p>Thread policy: thread-safe.
 */
final class SaleMeters {
  /** Why a hold was refused; the tag values of {@code boxoffice.holds.refused}. */
  enum Refusal {
    SOLD_OUT,
    LIMIT_REACHED,
    SALE_CLOSED,
    UNKNOWN_EVENT,
    UNKNOWN_TICKET_TYPE,
    NOT_ENTITLED,
    QUEUE_REQUIRED;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The reason of a refusal.
     *
     * @throws IllegalArgumentException for {@link HoldResult.Held}, which is no refusal
     */
    static Refusal of(HoldResult refusal) {
      return switch (refusal) {
        case HoldResult.Held h ->
            throw new IllegalArgumentException("a granted hold is no refusal");
        case HoldResult.SoldOut s -> SOLD_OUT;
        case HoldResult.LimitReached l -> LIMIT_REACHED;
        case HoldResult.SaleClosed c -> SALE_CLOSED;
        case HoldResult.UnknownEvent u -> UNKNOWN_EVENT;
        case HoldResult.UnknownTicketType u -> UNKNOWN_TICKET_TYPE;
        case HoldResult.NotEntitled n -> NOT_ENTITLED;
        case HoldResult.QueueRequired q -> QUEUE_REQUIRED;
      };
    }
  }

  private final Counter holdsGranted;
  private final Counter holdsReleased;
  private final Map<Refusal, Counter> holdsRefused = new EnumMap<>(Refusal.class);
  private final Counter ordersCompleted;

  SaleMeters(MeterRegistry registry) {
    this.holdsGranted =
        // Not "created": Prometheus reserves the _created suffix and would drop it.
        Counter.builder("boxoffice.holds.granted")
            .description("Holds granted through the API")
            .register(registry);
    for (Refusal reason : Refusal.values()) {
      holdsRefused.put(
          reason,
          Counter.builder("boxoffice.holds.refused")
              .description("Hold requests refused, by reason")
              .tag("reason", reason.tag())
              .register(registry));
    }
    this.holdsReleased =
        Counter.builder("boxoffice.holds.released")
            .description("Holds released by their holder through the API (expiry not counted)")
            .register(registry);
    this.ordersCompleted =
        Counter.builder("boxoffice.orders.completed")
            .description("Holds completed into new orders (repeats not counted)")
            .register(registry);
  }

  void holdCreated() {
    holdsGranted.increment();
  }

  void holdRefused(Refusal reason) {
    holdsRefused.get(reason).increment();
  }

  void holdReleased() {
    holdsReleased.increment();
  }

  void orderCompleted() {
    ordersCompleted.increment();
  }
}
