package dev.boxoffice.core.event;

/**
 * How an event sells, and so who may hold its tickets: each mode has a {@link
 * dev.boxoffice.core.inventory.SaleRule} that judges the right a hold comes with. {@code
 * FIRST_COME}: anyone signed in, while the sale is open and stock lasts. {@code LOTTERY}: only the
 * winners of the lottery's draw, through their offer ({@link
 * dev.boxoffice.core.lottery.LotteryRule}). A new mode adds a constant here and registers its rule
 * ({@link dev.boxoffice.core.inventory.SaleRules#with}).
 */
public enum SaleMode {
  FIRST_COME,
  LOTTERY
}
