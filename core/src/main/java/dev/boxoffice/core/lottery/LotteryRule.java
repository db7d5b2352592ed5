package dev.boxoffice.core.lottery;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.inventory.Entitlement;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.SaleRule;
import java.time.Instant;
import java.util.Optional;

/**
 * The lottery's sale rule: its tickets are held only by a {@link LotteryOffer}, which only the draw
 * makes. Anyone else, however they ask, is refused before the stock is looked at.
 */
public final class LotteryRule implements SaleRule {
  @Override
  public Optional<HoldResult> refusal(Event event, Entitlement right, Instant now) {
    if (right instanceof LotteryOffer) {
      return Optional.empty();
    }
    return Optional.of(
        new HoldResult.NotEntitled(
            event.mode(), right, "a lottery sells only to its winners, through their offer"));
  }
}
