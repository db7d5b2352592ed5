package dev.boxoffice.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.Stock;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON response bodies. Field names are the API contract (see {@code openapi.yaml}); each view
 * is built from core values in one static factory.
 */
final class Views {
  private Views() {}

  record UserView(String username, Instant createdAt) {}

  record SessionView(String token, Instant expiresAt) {}

  record EventView(
      String id,
      String name,
      String venue,
      Instant startsAt,
      Instant saleOpensAt,
      Instant saleClosesAt,
      long holdTtlSeconds,
      int perUserLimit,
      String mode,
      List<TicketTypeView> ticketTypes,
      @JsonAnyGetter Map<String, Object> sections) {

    /**
     * The event with, per ticket type, what is still available in {@code stock}, and its sale
     * mode's {@code sections} (the lottery's terms under {@code lottery}).
     */
    static EventView of(Event event, Optional<Stock> stock, Map<String, Object> sections) {
      List<TicketTypeView> types = new ArrayList<>(event.ticketTypes().size());
      List<TypeStock> counts = stock.map(Stock::ticketTypes).orElse(List.of());
      for (int i = 0; i < event.ticketTypes().size(); i++) {
        TicketType type = event.ticketTypes().get(i);
        int available = type.capacity();
        // Stock lists types in the event's order; the code check keeps this right if it did not.
        if (i < counts.size() && counts.get(i).code().equals(type.code())) {
          available = counts.get(i).available();
        } else if (stock.isPresent()) {
          available = stock.get().of(type.code()).map(TypeStock::available).orElse(available);
        }
        types.add(
            new TicketTypeView(
                type.code().value(),
                type.name(),
                type.price().minor(),
                type.price().currency(),
                type.capacity(),
                available));
      }
      return new EventView(
          event.id().value(),
          event.name(),
          event.venue(),
          event.startsAt(),
          event.saleWindow().opensAt(),
          event.saleWindow().closesAt(),
          event.holdTtl().toSeconds(),
          event.perUserLimit(),
          event.mode().name(),
          types,
          sections);
    }
  }

  record TicketTypeView(
      String code, String name, long priceMinor, String currency, int capacity, int available) {}

  record EventList(List<EventView> events) {}

  record InventoryView(String eventId, List<TypeStockView> ticketTypes) {
    static InventoryView of(Stock stock) {
      return new InventoryView(
          stock.event().value(),
          stock.ticketTypes().stream()
              .map(
                  t ->
                      new TypeStockView(
                          t.code().value(), t.capacity(), t.available(), t.held(), t.sold()))
              .toList());
    }
  }

  record TypeStockView(String code, int capacity, int available, int held, int sold) {}

  record HoldView(
      String holdId,
      String eventId,
      String user,
      String ticketType,
      int quantity,
      Instant expiresAt) {
    static HoldView of(Hold hold) {
      return new HoldView(
          hold.id().value(),
          hold.event().value(),
          hold.user().value(),
          hold.ticketType().value(),
          hold.quantity().value(),
          hold.expiresAt());
    }
  }

  /**
   * An order as its buyer sees it: {@code status} PENDING, CONFIRMED or FAILED, and for a failed
   * one its {@code reason}. A purchase's {@code holdId} names the reservation its tickets were held
   * under.
   */
  public record OrderView(
      String orderId,
      String status,
      @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
      String holdId,
      String eventId,
      String ticketType,
      int quantity,
      long totalMinor,
      String currency,
      Instant createdAt) {
    /** A sold order: confirmed. */
    static OrderView of(Order order) {
      return of(new OrderState.Confirmed(order));
    }

    public static OrderView of(OrderState state) {
      Order order = state.order();
      return new OrderView(
          order.id().value(),
          state.status().name(),
          state instanceof OrderState.Failed failed ? failed.reason() : null,
          order.hold().value(),
          order.event().value(),
          order.ticketType().value(),
          order.quantity(),
          order.total().minor(),
          order.total().currency(),
          order.createdAt());
    }
  }

  record OrderList(List<OrderView> orders) {}

  record HealthView(String status) {}
}
