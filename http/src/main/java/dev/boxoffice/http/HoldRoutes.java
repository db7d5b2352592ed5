package dev.boxoffice.http;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.Entitlement;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.OpenSale;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.ReleaseResult;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.order.OrderPipeline;
import dev.boxoffice.core.order.OrderState;
import dev.boxoffice.core.order.Orders;
import io.helidon.http.HeaderNames;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The reserved purchase: hold tickets, complete the hold into an order, release it; and reading
 * one's orders, however they were placed (a purchase's while it is pending too). Each core result
 * maps to exactly one response in one {@code switch}, so a new result case does not compile until
 * it has an answer. Someone else's hold or order is answered exactly like one that does not exist.
 *
 * <p>Thread policy: thread-safe.
 */
final class HoldRoutes implements Feature {
  private static final Json.Body<Bodies.CreateHold> CREATE_HOLD =
      Json.body(Bodies.CreateHold.class);

  private final Inventory inventory;
  private final Orders orders;
  private final OrderPipeline pipeline;
  private final InstantSource clock;
  private final SaleMeters metrics;

  HoldRoutes(
      Inventory inventory,
      Orders orders,
      OrderPipeline pipeline,
      InstantSource clock,
      SaleMeters metrics) {
    this.inventory = inventory;
    this.orders = orders;
    this.pipeline = pipeline;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public void register(Routes routes) {
    routes
        .post("/v1/events/{eventId}/holds", "createHold", Route.Access.USER, this::hold)
        .sells("createHold")
        .post("/v1/holds/{holdId}/complete", "completeHold", Route.Access.USER, this::complete)
        // Completing moves held tickets to sold: what an event shows as available stays the same.
        .changesNoRead("completeHold")
        .delete("/v1/holds/{holdId}", "releaseHold", Route.Access.USER, this::release)
        .get("/v1/orders", "listOrders", Route.Access.USER, this::orders)
        .get("/v1/orders/{orderId}", "getOrder", Route.Access.USER, this::order);
  }

  Reply hold(Call call) {
    UserId user = call.user();
    EventId event = call.eventId();
    Bodies.CreateHold body = call.body(CREATE_HOLD);
    // A filter in front (the waiting room's, say) may have found the right this hold is taken by.
    Entitlement right = call.attached(Entitlement.class).orElseGet(OpenSale::new);
    HoldRequest request = new HoldRequest(event, user, ticketType(body), quantity(body), right);
    return toReply(inventory.hold(request, clock.instant()));
  }

  Reply complete(Call call) {
    UserId user = call.user();
    HoldId hold = holdId(call);
    return toReply(inventory.complete(hold, user, clock.instant()));
  }

  Reply release(Call call) {
    UserId user = call.user();
    HoldId hold = holdId(call);
    return toReply(inventory.release(hold, user, clock.instant()));
  }

  Reply orders(Call call) {
    UserId user = call.user();
    List<Views.OrderView> mine = orders.byUser(user).stream().map(Views.OrderView::of).toList();
    return Reply.json(200, new Views.OrderList(mine));
  }

  /**
   * One of the caller's orders, wherever it stands: the pipeline is asked first, since an order
   * leaves it only once the orders have it.
   */
  Reply order(Call call) {
    UserId user = call.user();
    String raw = call.param("orderId");
    Optional<OrderState> order;
    try {
      OrderId id = new OrderId(raw);
      order =
          pipeline
              .find(id)
              .or(() -> orders.find(id).map(OrderState.Confirmed::new))
              .filter(o -> o.order().user().equals(user));
    } catch (InvalidValueException e) {
      order = Optional.empty();
    }
    if (order.isEmpty()) {
      return Reply.problem(
          ProblemType.ORDER_NOT_FOUND
              .detail("you have no order with this id")
              .with("orderId", EventRoutes.clip(raw)));
    }
    return Reply.json(200, Views.OrderView.of(order.get()));
  }

  private Reply toReply(HoldResult result) {
    if (result instanceof HoldResult.Held held) {
      metrics.holdCreated();
      return Reply.json(201, Views.HoldView.of(held.hold()));
    }
    metrics.holdRefused(SaleMeters.Refusal.of(result));
    return Reply.problem(HoldRefusals.problem(result));
  }

  private Reply toReply(CompleteResult result) {
    return switch (result) {
      case CompleteResult.Completed c -> {
        if (!c.repeated()) {
          metrics.orderCompleted();
        }
        yield Reply.json(c.repeated() ? 200 : 201, Views.OrderView.of(c.order()))
            .header(HeaderNames.LOCATION, "/v1/orders/" + c.order().id().value());
      }
      case CompleteResult.Expired e ->
          Reply.problem(
              ProblemType.HOLD_EXPIRED
                  .detail("the hold expired at " + e.expiredAt() + "; its tickets were released")
                  .with("holdId", e.hold().value())
                  .with("expiredAt", e.expiredAt().toString()));
      case CompleteResult.Released r ->
          Reply.problem(
              ProblemType.HOLD_RELEASED
                  .detail("the hold was released before it was completed")
                  .with("holdId", r.hold().value()));
      case CompleteResult.NotFound n -> Reply.problem(holdNotFound(n.hold().value()));
    };
  }

  private Reply toReply(ReleaseResult result) {
    return switch (result) {
      case ReleaseResult.Released r -> {
        metrics.holdReleased();
        yield Reply.empty(204);
      }
      case ReleaseResult.AlreadyEnded e -> Reply.empty(204);
      case ReleaseResult.AlreadyCompleted c ->
          Reply.problem(
              ProblemType.HOLD_COMPLETED
                  .detail("the hold was completed; the order stands")
                  .with("orderId", c.order().value()));
      case ReleaseResult.NotFound n -> Reply.problem(holdNotFound(n.hold().value()));
    };
  }

  private static HoldId holdId(Call call) {
    String raw = call.param("holdId");
    try {
      return new HoldId(raw);
    } catch (InvalidValueException e) {
      throw holdNotFound(raw).raise();
    }
  }

  private static Problem holdNotFound(String id) {
    return ProblemType.HOLD_NOT_FOUND
        .detail("you have no hold with this id")
        .with("holdId", EventRoutes.clip(id));
  }

  private static TicketTypeCode ticketType(Bodies.CreateHold body) {
    if (body.ticketType() == null) {
      throw Problem.invalidField("ticketType", "is required").raise();
    }
    try {
      return new TicketTypeCode(body.ticketType());
    } catch (InvalidValueException e) {
      throw Problem.invalidField("ticketType", Fields.reason(e)).raise();
    }
  }

  private static Quantity quantity(Bodies.CreateHold body) {
    if (body.quantity() == null) {
      throw Problem.invalidField("quantity", "is required").raise();
    }
    try {
      return new Quantity(body.quantity());
    } catch (InvalidValueException e) {
      throw Problem.invalidField("quantity", Fields.reason(e)).raise();
    }
  }
}
