package dev.boxoffice.store.distributed;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.boxoffice.core.flashsale.FlashSale;
import dev.boxoffice.core.inventory.SaleRules;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.Services;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
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

  private TestInventory(MutableClock clock) {
    this.clock = clock;
    database = TestDatabase.open();
    redis = TestRedis.open(clock);
    inventory = sweeping(redis.inventory(database.store(), SaleRules.standard()));
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
    PostgresStore records = PostgresStore.open(TestDatabase.URL, database.schema());
    servers.push(records);
    RedisStore hot = RedisStore.open(TestRedis.URL, redis.namespace(), clock);
    servers.push(hot);
    RedisInventory other = sweeping(hot.inventory(records, SaleRules.standard()));
    servers.push(other);
    return other;
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

  /** Deletes every key under {@code namespace}. */
  private static void forgetKeys(RedisCommands<String, String> commands, String namespace) {
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page =
          commands.scan(cursor, ScanArgs.Builder.matches(namespace + ":*").limit(500));
      if (!page.getKeys().isEmpty()) {
        commands.del(page.getKeys().toArray(String[]::new));
      }
      cursor = page;
    } while (!cursor.isFinished());
  }
}
