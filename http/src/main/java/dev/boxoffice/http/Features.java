package dev.boxoffice.http;

import dev.boxoffice.core.Stores;
import dev.boxoffice.http.flashsale.FlashSaleRoutes;
import dev.boxoffice.http.lottery.LotteryRoutes;
import dev.boxoffice.http.waitingroom.WaitingRoomRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.InstantSource;
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
    return List.of(
        new OpsRoutes(metrics, ready, settings.metrics().adminKeyRequired()),
        // First among the filters: a barred caller is refused before any sale looks at them.
        new BlacklistRoutes(stores.blacklist()),
        new AccountRoutes(
            stores.accounts(),
            settings.tokens(),
            new Argon2Passwords(),
            settings.signInPerUsername(),
            stores.tokenBuckets(),
            clock),
        new EventRoutes(stores.events(), stores.inventory(), clock),
        new HoldRoutes(
            stores.inventory(),
            stores.orders(),
            stores.orderPipeline(),
            clock,
            new SaleMeters(metrics)),
        new LotteryRoutes(
            stores.events(), stores.inventory(), stores.lottery(), settings.tokens(), clock),
        new WaitingRoomRoutes(stores.events(), stores.waitingRoom(), settings.tokens(), clock),
        new FlashSaleRoutes(
            stores.events(), stores.flashSale(), stores.challenges(), settings.tokens(), clock));
  }
}
