package dev.boxoffice.core.inventory;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.SaleMode;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link SaleMode#FIRST_COME}: anyone signed in holds, in the order requests arrive, while the sale
 * window is open.
 */
final class FirstComeRule implements SaleRule {
  @Override
  public Optional<HoldResult> refusal(Event event, Entitlement right, Instant now) {
    if (!(right instanceof OpenSale)) {
      return Optional.of(
          new HoldResult.NotEntitled(
              event.mode(), right, "this sale holds for anyone signed in, by the open sale"));
    }
    if (!event.saleWindow().isOpenAt(now)) {
      return Optional.of(
          new HoldResult.SaleClosed(event.saleWindow().opensAt(), event.saleWindow().closesAt()));
    }
    return Optional.empty();
  }
}
