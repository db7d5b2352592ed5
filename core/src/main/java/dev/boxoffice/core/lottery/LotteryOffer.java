package dev.boxoffice.core.lottery;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.inventory.Entitlement;

/**
 * The right a lottery's winner holds by: the offer the draw made them, at their place in the draw
 * order (0 for the first winner; a waitlisted entrant who is offered lapsed tickets keeps their
 * place after the winners). Only the store's draw and the hand-over of lapsed offers make one; no
 * request from outside carries it.
 */
public record LotteryOffer(int place) implements Entitlement {
  public LotteryOffer {
    InvalidValueException.require(place >= 0, "place", "must not be negative");
  }
}
