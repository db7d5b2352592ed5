package dev.boxoffice.app;

import dev.boxoffice.http.Feature;
import dev.boxoffice.http.Features;
import dev.boxoffice.http.HttpSettings;
import dev.boxoffice.http.compat.CompatFeatures;
import dev.boxoffice.http.compat.CompatSettings;
import dev.boxoffice.http.flashsale.FlashSaleRoutes;
import dev.boxoffice.http.lottery.LotteryRoutes;
import dev.boxoffice.http.waitingroom.WaitingRoomRoutes;
import dev.boxoffice.store.distributed.DistributedStore;
import dev.boxoffice.store.distributed.ServiceUnavailableException;
import dev.boxoffice.store.embedded.EmbeddedStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a server sells from: the embedded store in its data folder, or the distributed store that
 * several servers share. Each offers the features its ports can carry.
 */
sealed interface Backend extends AutoCloseable {
  /** The features over this store, with the originals' route sets {@code compat} turns on. */
  List<Feature> features(
      HttpSettings settings,
      CompatSettings compat,
      InstantSource clock,
      PrometheusMeterRegistry metrics);

  /** The ports every store has: the catalog, stock, accounts, the blacklist, rate limits. */
  Features.ReservedPorts ports();

  /** Where the secrets the configuration does not give are kept. */
  Keys.Keeper keeper();

  /** Where the data is, in words for the console. */
  String where();

  @Override
  void close();

  /**
   * What a server of a distributed deployment does: answer the API, work in the background (end due
   * holds, record what no server recorded), or both. A deployment needs a server that works in the
   * background; any number may.
   */
  enum Role {
    API,
    WORKER,
    ALL;

    boolean works() {
      return this != API;
    }
  }

  /** The embedded store: every feature. */
  record Embedded(EmbeddedStore store, Keys.Keeper keeper, String where) implements Backend {
    @Override
    public List<Feature> features(
        HttpSettings settings,
        CompatSettings compat,
        InstantSource clock,
        PrometheusMeterRegistry metrics) {
      // A new way to sell adds its feature to this list, beside the standard ones.
      List<Feature> features =
          new ArrayList<>(
              Features.standard(settings, store.stores(), clock, metrics, store::healthy));
      features.addAll(CompatFeatures.of(compat, settings, store.stores(), clock));
      return features;
    }

    @Override
    public Features.ReservedPorts ports() {
      return Features.ReservedPorts.of(store.stores());
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /**
   * The distributed store: accounts, the catalog, reserved purchase, lotteries and waiting rooms,
   * shared by every server on the same Redis and PostgreSQL, and the flash sale where RabbitMQ
   * carries its orders; its secrets are kept in PostgreSQL. A server in the {@link Role#WORKER}
   * role answers operations only.
   */
  record Distributed(DistributedStore store, Role role, String where) implements Backend {
    @Override
    public List<Feature> features(
        HttpSettings settings,
        CompatSettings compat,
        InstantSource clock,
        PrometheusMeterRegistry metrics) {
      if (!compat.sets().isEmpty()) {
        throw new Config.ConfigException(
            "compat route sets need the embedded store: serve them with --store embedded");
      }
      if (role == Role.WORKER) {
        return List.of(Features.operations(settings, metrics, store::healthy));
      }
      List<Feature> features =
          new ArrayList<>(Features.reserved(settings, ports(), clock, metrics, store::healthy));
      features.add(
          new LotteryRoutes(
              store.events(), store.inventory(), store.lottery(), settings.tokens(), clock));
      features.add(
          new WaitingRoomRoutes(store.events(), store.waitingRoom(), settings.tokens(), clock));
      store
          .flashSale()
          .ifPresent(
              flash ->
                  features.add(
                      new FlashSaleRoutes(
                          store.events(), flash, store.challenges(), settings.tokens(), clock)));
      return features;
    }

    @Override
    public Features.ReservedPorts ports() {
      return new Features.ReservedPorts(
          store.events(),
          store.inventory(),
          store.orders(),
          store.orderPipeline(),
          store.accounts(),
          store.blacklist(),
          store.tokenBuckets());
    }

    @Override
    public Keys.Keeper keeper() {
      return new Keys.Keeper() {
        @Override
        public String readOrCreate(String name, Supplier<String> fresh) {
          try {
            return store.secret(name, fresh);
          } catch (ServiceUnavailableException e) {
            throw new Config.ConfigException(e.getMessage());
          }
        }

        @Override
        public String where(String name) {
          return "PostgreSQL (secret '" + name + "')";
        }
      };
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
