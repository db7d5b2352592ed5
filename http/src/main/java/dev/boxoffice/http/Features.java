package dev.boxoffice.http;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.blacklist.Blacklist;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.identity.Accounts;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.order.OrderPipeline;
import dev.boxoffice.core.order.Orders;
import dev.boxoffice.core.ratelimit.TokenBuckets;
import dev.boxoffice.http.flashsale.FlashSaleRoutes;
import dev.boxoffice.http.lottery.LotteryRoutes;
import dev.boxoffice.http.waitingroom.WaitingRoomRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The features every Boxoffice server has: operations (health, metrics, the OpenAPI document),
 * accounts, the event catalog, reserved purchase, the lottery, the waiting room and the flash sale.
 * A deployment adds its other ways to sell beside them.
 */
public final class Features {
  private Features() {}

  /**
   * The standard features over {@code stores}.
   *
   * @param ready whether {@code /health/ready} answers 200 (else 503)
   */
  public static List<Feature> standard(
      HttpSettings settings,
      Stores stores,
      InstantSource clock,
      PrometheusMeterRegistry metrics,
      BooleanSupplier ready) {
    List<Feature> all =
        new ArrayList<>(reserved(settings, ReservedPorts.of(stores), clock, metrics, ready));
    all.add(
        new LotteryRoutes(
            stores.events(), stores.inventory(), stores.lottery(), settings.tokens(), clock));
    all.add(new WaitingRoomRoutes(stores.events(), stores.waitingRoom(), settings.tokens(), clock));
    all.add(
        new FlashSaleRoutes(
            stores.events(), stores.flashSale(), stores.challenges(), settings.tokens(), clock));
    return List.copyOf(all);
  }

  /**
   * Operations alone: health, metrics and the OpenAPI document, all a server that only works in the
   * background (a distributed deployment's worker) answers.
   *
   * @param ready whether {@code /health/ready} answers 200 (else 503)
   */
  public static Feature operations(
      HttpSettings settings, PrometheusMeterRegistry metrics, BooleanSupplier ready) {
    return new OpsRoutes(metrics, ready, settings.metrics().adminKeyRequired());
  }

  /** The ports the features of every deployment need: accounts, the catalog, reserved purchase. */
  public record ReservedPorts(
      Events events,
      Inventory inventory,
      Orders orders,
      OrderPipeline orderPipeline,
      Accounts accounts,
      Blacklist blacklist,
      TokenBuckets tokenBuckets) {
    /** These ports of {@code stores}. */
    public static ReservedPorts of(Stores stores) {
      return new ReservedPorts(
          stores.events(),
          stores.inventory(),
          stores.orders(),
          stores.orderPipeline(),
          stores.accounts(),
          stores.blacklist(),
          stores.tokenBuckets());
    }
  }

  /**
   * The features every deployment has, over {@code ports}: operations, the blacklist, accounts, the
   * event catalog (first-come events, and the modes of any feature added beside these) and reserved
   * purchase.
   *
   * @param ready whether {@code /health/ready} answers 200 (else 503)
   */
  public static List<Feature> reserved(
      HttpSettings settings,
      ReservedPorts ports,
      InstantSource clock,
      PrometheusMeterRegistry metrics,
      BooleanSupplier ready) {
    return List.of(
        operations(settings, metrics, ready),
        // First among the filters: a barred caller is refused before any sale looks at them.
        new BlacklistRoutes(ports.blacklist()),
        new AccountRoutes(
            ports.accounts(),
            settings.tokens(),
            new Argon2Passwords(),
            settings.signInPerUsername(),
            ports.tokenBuckets(),
            clock),
        new EventRoutes(ports.events(), ports.inventory(), clock),
        new HoldRoutes(
            ports.inventory(),
            ports.orders(),
            ports.orderPipeline(),
            clock,
            new SaleMeters(metrics)));
  }
}
