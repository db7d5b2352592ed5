package dev.boxoffice.store.distributed;

import dev.boxoffice.core.StoreUnavailableException;
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
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jdbi.v3.core.JdbiException;

/**
 * The store of a deployment of several servers: hot sale state in Redis, the record in PostgreSQL.
 * Servers opened on the same URLs (and the same namespace and schema) are one deployment: an event,
 * its stock, its orders and its accounts are the same on each.
 *
 * <p>Given RabbitMQ too, it runs the flash sale, its accepted orders carried by RabbitMQ's queue
 * ({@link RedisOrderPipeline}). It sells by the first-come rule, behind a waiting room ({@link
 * RedisWaitingRoom}) or not, by lottery ({@link RedisLottery}), and, with RabbitMQ, by flash sale.
 *
 * <p>Thread policy: thread-safe.
 */
public final class DistributedStore implements AutoCloseable {
  /** The namespace of Redis keys, and the schema in PostgreSQL, of a deployment by default. */
  public static final String DEFAULT_NAME = "boxoffice";

  /** How often a server that sweeps ends due holds in every event. */
  static final Duration SWEEP_EVERY = Duration.ofMillis(250);

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final PostgresStore records;
  private final RedisStore hot;
  private final RedisInventory inventory;
  private final RedisWaitingRoom rooms;
  private final RedisLottery lottery;
  private final Optional<Pipeline> pipeline;

  /** Everything opened for this store, in the order it was: closed last first. */
  private final List<AutoCloseable> opened;

  /** The flash sale and its order pipeline, on RabbitMQ's queue. */
  private record Pipeline(
      RabbitOrderQueue queue, RedisOrderPipeline orders, RedisFlashSale flash) {}

  private DistributedStore(
      PostgresStore records,
      RedisStore hot,
      RedisInventory inventory,
      RedisWaitingRoom rooms,
      RedisLottery lottery,
      Optional<Pipeline> pipeline,
      List<AutoCloseable> opened) {
    this.opened = List.copyOf(opened);
    this.records = records;
    this.hot = hot;
    this.inventory = inventory;
    this.rooms = rooms;
    this.lottery = lottery;
    this.pipeline = pipeline;
  }

  /**
   * Connects to Redis at {@code redisUrl}, PostgreSQL at {@code postgresUrl} and, if given,
   * RabbitMQ at {@code rabbitmqUrl} (see {@link RedisStore#open}, {@link PostgresStore#open} and
   * {@link RabbitOrderQueue#open} for their forms), migrating PostgreSQL's schema.
   *
   * @param name the deployment's name: its Redis keys' prefix, its PostgreSQL schema and its
   *     RabbitMQ queues' prefix
   * @param works whether this server ends due holds, records what no server recorded and settles
   *     the orders the pipeline delivers (a deployment needs one that does; several may)
   * @throws IllegalArgumentException if a URL is not of its service's form, or the name is not
   *     lower-case letters, digits and underscores, starting with a letter
   * @throws ServiceUnavailableException naming the service that cannot be used, and why
   */
  public static DistributedStore open(
      String redisUrl,
      String postgresUrl,
      Optional<String> rabbitmqUrl,
      String name,
      InstantSource clock,
      boolean works) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "deployment must be 1-63 lower-case letters, digits and underscores, starting with a"
              + " letter: "
              + name);
    }
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      PostgresStore records = opened(opened, PostgresStore.open(postgresUrl, name));
      RedisStore hot = opened(opened, RedisStore.open(redisUrl, name, clock));
      RedisInventory inventory = opened(opened, hot.inventory(records));
      RedisWaitingRoom rooms = opened(opened, hot.waitingRoom(inventory, records, clock));
      RedisLottery lottery = opened(opened, hot.lottery(inventory, records, clock));
      Optional<Pipeline> pipeline = Optional.empty();
      if (rabbitmqUrl.isPresent()) {
        RabbitOrderQueue queue = opened(opened, RabbitOrderQueue.open(rabbitmqUrl.get(), name));
        RabbitSignals signals = opened(opened, RabbitSignals.open(rabbitmqUrl.get(), name));
        rooms.signalWith(signals);
        lottery.signalWith(signals);
        RedisOrderPipeline orders = opened(opened, hot.orderPipeline(inventory, records, queue));
        pipeline =
            Optional.of(new Pipeline(queue, orders, hot.flashSale(inventory, orders, records)));
        if (works) {
          orders.workEvery(SWEEP_EVERY, clock);
        }
      }
      if (works) {
        inventory.sweepEvery(SWEEP_EVERY, clock);
        rooms.stepEvery(SWEEP_EVERY, clock);
        lottery.workEvery(SWEEP_EVERY, clock);
      }
      return new DistributedStore(records, hot, inventory, rooms, lottery, pipeline, opened);
    } catch (RuntimeException e) {
      closeAll(opened);
      throw e;
    }
  }

  /**
   * Moves every order dead-lettered in the deployment {@code name}'s queue on RabbitMQ at {@code
   * rabbitmqUrl} back to the queue; returns how many it moved.
   *
   * @throws IllegalArgumentException if the URL is not an AMQP one
   * @throws ServiceUnavailableException if RabbitMQ cannot be used
   */
  public static int replayDeadLetters(String rabbitmqUrl, String name) {
    try (RabbitOrderQueue queue = RabbitOrderQueue.open(rabbitmqUrl, name)) {
      return queue.replayDeadLetters();
    } catch (StoreUnavailableException e) {
      throw new ServiceUnavailableException(e.getMessage(), e);
    }
  }

  private static <T extends AutoCloseable> T opened(List<AutoCloseable> opened, T resource) {
    opened.add(resource);
    return resource;
  }

  /** Closes {@code opened}, last first, each whatever the others throw. */
  private static void closeAll(List<AutoCloseable> opened) {
    for (AutoCloseable resource : opened.reversed()) {
      try {
        resource.close();
      } catch (Exception e) {
        // Closing what was opened for a store that never opened: nothing more to do.
      }
    }
  }

  // Each port answers a failure of Redis or PostgreSQL with StoreUnavailableException (503).

  public Events events() {
    return ServiceFailures.translated(Events.class, records.events());
  }

  public Inventory inventory() {
    return ServiceFailures.translated(Inventory.class, inventory);
  }

  public Orders orders() {
    return ServiceFailures.translated(Orders.class, records.orders());
  }

  public Accounts accounts() {
    return ServiceFailures.translated(Accounts.class, records.accounts());
  }

  public Blacklist blacklist() {
    return ServiceFailures.translated(Blacklist.class, records.blacklist());
  }

  public WaitingRoom waitingRoom() {
    return ServiceFailures.translated(WaitingRoom.class, rooms);
  }

  public Lottery lottery() {
    return ServiceFailures.translated(Lottery.class, lottery);
  }

  /** Lottery entries this server took since start; repeats and refusals not counted. */
  public long lotteryEntries() {
    return lottery.entries();
  }

  /** Lottery draws this server ran since start. */
  public long lotteryDraws() {
    return lottery.draws();
  }

  /** Winners offered their tickets by the draws this server ran since start. */
  public long lotteryWinners() {
    return lottery.winners();
  }

  /** The flash sale, if RabbitMQ carries its orders. */
  public Optional<FlashSale> flashSale() {
    return pipeline.map(p -> ServiceFailures.translated(FlashSale.class, p.flash()));
  }

  /** The order pipeline of the flash sale; {@link OrderPipeline#NONE} without RabbitMQ. */
  public OrderPipeline orderPipeline() {
    return pipeline
        .<OrderPipeline>map(p -> ServiceFailures.translated(OrderPipeline.class, p.orders()))
        .orElse(OrderPipeline.NONE);
  }

  public Challenges challenges() {
    return ServiceFailures.translated(Challenges.class, hot.challenges());
  }

  public TokenBuckets tokenBuckets() {
    return ServiceFailures.translated(TokenBuckets.class, hot.tokenBuckets());
  }

  /**
   * The deployment's shared secret of this name; see {@link PostgresStore#secret}.
   *
   * @throws ServiceUnavailableException if PostgreSQL cannot give it
   */
  public String secret(String name, Supplier<String> fresh) {
    try {
      return records.secret(name, fresh);
    } catch (JdbiException e) {
      throw new ServiceUnavailableException(
          "PostgreSQL could not give the deployment's secret '" + name + "': " + e.getMessage(), e);
    }
  }

  /**
   * Tells {@code listener} of each batch of the flash sale's orders this server confirms: how long
   * each took from its acceptance. Nothing without RabbitMQ.
   */
  public void onFinalised(Consumer<List<Duration>> listener) {
    pipeline.ifPresent(p -> p.orders().onFinalised(listener));
  }

  /** Whether every service answers now. */
  public boolean healthy() {
    return records.healthy()
        && hot.healthy()
        && pipeline.map(p -> p.queue().healthy()).orElse(true);
  }

  @Override
  public void close() {
    closeAll(opened);
  }
}
