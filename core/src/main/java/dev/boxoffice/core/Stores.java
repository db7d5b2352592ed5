package dev.boxoffice.core;

import dev.boxoffice.core.blacklist.Blacklist;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.flashsale.Challenges;
import dev.boxoffice.core.flashsale.FlashSale;
import dev.boxoffice.core.identity.Accounts;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.lottery.Lottery;
import dev.boxoffice.core.order.OrderPipeline;
import dev.boxoffice.core.order.Orders;
import dev.boxoffice.core.ratelimit.TokenBuckets;
import dev.boxoffice.core.waitingroom.WaitingRoom;

/**
 * The ports one deployment uses, as wired by the app: the embedded store implements them all, a
 * distributed deployment may mix adapters.
 */
public record Stores(
    Events events,
    Inventory inventory,
    Orders orders,
    Accounts accounts,
    Lottery lottery,
    WaitingRoom waitingRoom,
    FlashSale flashSale,
    OrderPipeline orderPipeline,
    Challenges challenges,
    Blacklist blacklist,
    TokenBuckets tokenBuckets) {
  /** These ports with another inventory: tests that make it slow or failing. */
  public Stores withInventory(Inventory other) {
    return new Stores(
        events,
        other,
        orders,
        accounts,
        lottery,
        waitingRoom,
        flashSale,
        orderPipeline,
        challenges,
        blacklist,
        tokenBuckets);
  }
}
