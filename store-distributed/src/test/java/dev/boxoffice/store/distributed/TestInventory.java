package dev.boxoffice.store.distributed;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.boxoffice.core.flashsale.FlashSale;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.Services;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An inventory on this machine's Redis and PostgreSQL, in a namespace and a schema of its own, both
 * removed when it closes; and, on demand, the inventories of other servers of the same deployment.
 * Skips the test where either service is missing (fails it in CI).
 */
final class TestInventory implements AutoCloseable {
  private static final Duration SWEEP_EVERY = Duration.ofMillis(100);

  private final MutableClock clock;
  private final TestDatabase database;
  private final RedisStore redis;
  private final RedisInventory inventory;
  private final Deque<AutoCloseable> servers = new ArrayDeque<>();
  private RabbitOrderQueue queue;
  private RedisOrderPipeline pipeline;
  private RedisFlashSale flash;
  private RedisWaitingRoom rooms;
  private RedisLottery lottery;

  private TestInventory(MutableClock clock) {
    this.clock = clock;
    database = TestDatabase.open();
    redis = TestRedis.open(clock);
    inventory = sweeping(redis.inventory(database.store()));
  }

  private RedisInventory sweeping(RedisInventory inventory) {
    inventory.sweepEvery(SWEEP_EVERY, clock);
    return inventory;
  }

  static TestInventory open(MutableClock clock) {
    return new TestInventory(clock);
  }

  RedisInventory inventory() {
    return inventory;
  }

  PostgresStore records() {
    return database.store();
  }

  RedisCommands<String, String> redis() {
    return redis.commands();
  }

  /**
   * The inventory of another server of the same deployment: its own connections to the same Redis
   * namespace and PostgreSQL schema, closed with this one.
   */
  RedisInventory anotherServer() {
    return another().inventory();
  }

  /** The lottery of another server of the same deployment, working as this one's does. */
  RedisLottery anotherServersLottery() {
    Server server = another();
    RedisLottery its = server.hot().lottery(server.inventory(), server.records(), clock);
    its.workEvery(SWEEP_EVERY, clock);
    servers.push(its);
    return its;
  }

  /** The waiting rooms of another server of the same deployment, stepped as this one's are. */
  RedisWaitingRoom anotherServersRooms() {
    Server server = another();
    RedisWaitingRoom its = server.hot().waitingRoom(server.inventory(), server.records(), clock);
    its.stepEvery(SWEEP_EVERY, clock);
    servers.push(its);
    return its;
  }

  /** Another server's connections and inventory. */
  private record Server(PostgresStore records, RedisStore hot, RedisInventory inventory) {}

  private Server another() {
    PostgresStore records = PostgresStore.open(TestDatabase.URL, database.schema());
    servers.push(records);
    RedisStore hot = RedisStore.open(TestRedis.URL, redis.namespace(), clock);
    servers.push(hot);
    RedisInventory other = sweeping(hot.inventory(records));
    servers.push(other);
    return new Server(records, hot, other);
  }

  /**
   * The flash sale on this inventory, its orders carried by queues of their own on this machine's
   * RabbitMQ (deleted when this closes) and settled by a worker of this server's; skips the test
   * when RabbitMQ is not there (fails it in CI).
   */
  FlashSale flashSale() {
    return flashSale(true);
  }

  /**
   * {@link #flashSale()}, whose pipeline settles what it is delivered and sweeps only if {@code
   * works}: else the test settles by hand ({@link RedisOrderPipeline#finalise}, {@link
   * RedisOrderPipeline#sweep}). The first call decides.
   */
  FlashSale flashSale(boolean works) {
    if (flash == null) {
      Services.requireRabbitMq();
      queue = RabbitOrderQueue.open(Services.RABBITMQ_URL, deployment());
      pipeline = redis.orderPipeline(inventory, database.store(), queue);
      if (works) {
        pipeline.workEvery(SWEEP_EVERY, clock);
      }
      flash = redis.flashSale(inventory, pipeline, database.store());
    }
    return flash;
  }

  /** The lotteries of this inventory's events, working every 100 ms at the clock's time. */
  RedisLottery lottery() {
    if (lottery == null) {
      lottery = redis.lottery(inventory, database.store(), clock);
      lottery.workEvery(SWEEP_EVERY, clock);
    }
    return lottery;
  }

  /** The waiting rooms in front of this inventory, stepped every 100 ms at the clock's time. */
  RedisWaitingRoom rooms() {
    if (rooms == null) {
      rooms = redis.waitingRoom(inventory, database.store(), clock);
      rooms.stepEvery(SWEEP_EVERY, clock);
    }
    return rooms;
  }

  RedisOrderPipeline pipeline() {
    flashSale();
    return pipeline;
  }

  RabbitOrderQueue queue() {
    flashSale();
    return queue;
  }

  /** The prefix of this deployment's Redis keys. */
  String namespace() {
    return redis.namespace();
  }

  /** The deployment's name on RabbitMQ: its queues are {@code NAME.orders} and its dead letters. */
  String deployment() {
    return redis.namespace().replace('-', '_');
  }

  /** Does {@code action} on a channel of a connection of its own to this machine's RabbitMQ. */
  static void onRabbitMq(ChannelAction action) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(Services.RABBITMQ_URL);
    try (Connection connection = factory.newConnection();
        Channel channel = connection.createChannel()) {
      action.run(channel);
    }
  }

  @FunctionalInterface
  interface ChannelAction {
    void run(Channel channel) throws Exception;
  }

  /** Redis restarted empty: every key of this deployment is gone. */
  void forgetHotState() {
    forgetKeys(redis.commands(), redis.namespace());
  }

  @Override
  public void close() throws Exception {
    try {
      while (!servers.isEmpty()) {
        servers.pop().close();
      }
      if (rooms != null) {
        rooms.close();
      }
      if (lottery != null) {
        lottery.close();
      }
      if (queue != null) {
        pipeline.close();
        queue.close();
        onRabbitMq(
            channel -> {
              channel.queueDelete(deployment() + ".orders");
              channel.queueDelete(deployment() + ".orders.dead");
            });
      }
      inventory.close();
      forgetHotState();
      redis.close();
    } finally {
      database.close();
    }
  }

  /**
   * Deletes every key under {@code namespace} at once, as a Redis restarted empty would have none:
   * servers working meanwhile see all of them or none.
   */
  private static void forgetKeys(RedisCommands<String, String> commands, String namespace) {
    commands.eval(
        "for _, key in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', key) end",
        ScriptOutputType.STATUS,
        new String[0],
        namespace + ":*");
  }
}
