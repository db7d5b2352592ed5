package dev.boxoffice.http;

import dev.boxoffice.core.inventory.HoldResult;

/**
 * The one answer to each reason tickets are refused, whether to a hold or to a purchase: sold out,
 * over the limit, sale closed (with its window), unknown event or type, not entitled, waiting room
 * required.
 */
public final class HoldRefusals {
  private HoldRefusals() {}

  /**
   * The problem for {@code refusal}.
   *
   * @throws IllegalArgumentException for {@link HoldResult.Held}, which is no refusal
   */
  public static Problem problem(HoldResult refusal) {
    return switch (refusal) {
      case HoldResult.Held h -> throw new IllegalArgumentException("a granted hold is no refusal");
      case HoldResult.SoldOut s ->
          ProblemType.SOLD_OUT
              .detail("only " + s.available() + " " + s.ticketType().value() + " left")
              .with("ticketType", s.ticketType().value())
              .with("available", s.available());
      case HoldResult.LimitReached l ->
          ProblemType.LIMIT_REACHED
              .detail(
                  "at most "
                      + l.limit()
                      + " tickets per person for this event; you hold or bought "
                      + l.alreadyHeld())
              .with("limit", l.limit())
              .with("alreadyHeld", l.alreadyHeld());
      case HoldResult.SaleClosed c -> saleClosed(c);
      case HoldResult.UnknownEvent u -> EventRoutes.notFound(u.event().value());
      case HoldResult.UnknownTicketType u ->
          ProblemType.TICKET_TYPE_NOT_FOUND
              .detail("this event has no ticket type " + u.ticketType().value())
              .with("ticketType", u.ticketType().value());
      case HoldResult.NotEntitled n ->
          ProblemType.NOT_ENTITLED.detail(n.reason()).with("mode", n.mode().name());
      case HoldResult.QueueRequired q -> ProblemType.QUEUE_REQUIRED.detail(q.reason());
    };
  }

  /** 403 with the sale's window: {@code opensAt} and {@code closesAt}. */
  public static Problem saleClosed(HoldResult.SaleClosed closed) {
    return ProblemType.SALE_CLOSED
        .detail("the sale runs from " + closed.opensAt() + " until " + closed.closesAt())
        .with("opensAt", closed.opensAt().toString())
        .with("closesAt", closed.closesAt().toString());
  }
}
