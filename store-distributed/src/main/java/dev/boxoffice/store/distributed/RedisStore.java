package dev.boxoffice.store.distributed;

import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.flashsale.Challenges;
import dev.boxoffice.core.inventory.SaleRules;
import dev.boxoffice.core.lottery.LotteryRule;
import dev.boxoffice.core.ratelimit.TokenBuckets;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

/**
 * Redis, where several servers keep their hot sale state: one connection (Lettuce's, thread-safe
 * and pipelined, shared by every caller), every key under a namespace ({@code boxoffice} in
 * production), and the adapters of the ports kept there.
 *
 * <p>Thread policy: thread-safe.
 */
public final class RedisStore implements AutoCloseable {
  /** The rules of the modes this store sells by. */
  private static final SaleRules RULES =
      SaleRules.standard().with(SaleMode.LOTTERY, new LotteryRule());

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisChallenges challenges;
  private final RedisTokenBuckets buckets;
  private final String namespace;
  private final InstantSource clock;

  private RedisStore(RedisClient client, String namespace, InstantSource clock) {
    this.client = client;
    this.connection = client.connect();
    this.challenges = new RedisChallenges(connection.sync(), namespace);
    this.buckets = new RedisTokenBuckets(connection.sync(), namespace, clock);
    this.namespace = namespace;
    this.clock = clock;
  }

  /**
   * Connects to {@code url} ({@code redis://host:port/DB}, the database number honoured; {@code
   * rediss://} for TLS), keeping every key under {@code namespace}, timing rate limits by {@code
   * clock}.
   *
   * @throws IllegalArgumentException if the URL is not a Redis one
   * @throws ServiceUnavailableException if Redis cannot be reached
   */
  public static RedisStore open(String url, String namespace, InstantSource clock) {
    RedisURI uri;
    try {
      uri = RedisURI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Redis URL: write it redis://host:port/DB", e);
    }
    uri.setTimeout(Duration.ofSeconds(5));
    // Netty's leak detector keeps a stack trace of one buffer in 128: 2% of a busy server's CPU,
    // for
    // buffers that only Lettuce handles. Off, unless asked for (-Dio.netty.leakDetection.level).
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    RedisClient client = RedisClient.create(uri);
    // While Redis is unreachable, commands fail at once (the request answers 503) rather than
    // queueing until it is back; the connection reconnects by itself. Every command, synchronous or
    // not, fails when Redis has not answered it within the timeout: Lettuce's timer wheel ends it,
    // so
    // a caller may wait for a command without a timer of its own (see RedisLibrary#await).
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled())
            .build());
    String where =
        "Redis at " + uri.getHost() + ":" + uri.getPort() + " (database " + uri.getDatabase() + ")";
    try {
      RedisStore store = new RedisStore(client, namespace, clock);
      requireKeepsKeys(store.connection.sync(), where);
      return store;
    } catch (RedisException e) {
      client.shutdown();
      throw new ServiceUnavailableException(
          where
              + " cannot be used: "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
          e);
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  /**
   * Refuses a Redis that may evict keys: one given a memory limit and a policy other than {@code
   * noeviction} would drop holds, stock or rate limits at random when it fills, and sell what it
   * forgot was sold. Where {@code CONFIG} is not allowed (a managed Redis), nothing can be told and
   * nothing is refused.
   */
  private static void requireKeepsKeys(RedisCommands<String, String> redis, String where) {
    Map<String, String> config;
    try {
      config = redis.configGet("maxmemory", "maxmemory-policy");
    } catch (RedisCommandExecutionException e) {
      return;
    }
    String policy = config.getOrDefault("maxmemory-policy", "noeviction");
    if (!"0".equals(config.getOrDefault("maxmemory", "0")) && !"noeviction".equals(policy)) {
      throw new ServiceUnavailableException(
          where
              + " may evict keys (maxmemory "
              + config.get("maxmemory")
              + ", maxmemory-policy "
              + policy
              + "): set maxmemory-policy noeviction, so that it refuses writes when full instead",
          null);
    }
  }

  public Challenges challenges() {
    return challenges;
  }

  public TokenBuckets tokenBuckets() {
    return buckets;
  }

  /**
   * An inventory deciding here and recording in {@code records}, judging rights by the rules of
   * every mode this store sells by. Close it before this store.
   */
  RedisInventory inventory(PostgresStore records) {
    return new RedisInventory(
        connection.sync(), namespace, records.stockEvents(), records.orders(), RULES);
  }

  /**
   * The lotteries of {@code inventory}'s events, recorded in {@code records}, reading the time from
   * {@code clock} where a port's call does not give it. Close them before this store.
   */
  RedisLottery lottery(RedisInventory inventory, PostgresStore records, InstantSource clock) {
    return new RedisLottery(connection.sync(), inventory, records.lotteries(), clock);
  }

  /** The order pipeline of the flash sale, carried by {@code queue}. Close it before this store. */
  RedisOrderPipeline orderPipeline(
      RedisInventory inventory, PostgresStore records, RabbitOrderQueue queue) {
    return new RedisOrderPipeline(connection.sync(), namespace, inventory, records.orders(), queue);
  }

  /** The flash sale on {@code inventory}, its orders in {@code pipeline}. */
  RedisFlashSale flashSale(
      RedisInventory inventory, RedisOrderPipeline pipeline, PostgresStore records) {
    return new RedisFlashSale(inventory, pipeline, records.flashTerms(), RULES);
  }

  /**
   * The waiting rooms in front of {@code inventory}'s events, their terms in {@code records},
   * timing watches by {@code clock}. Close them before this store.
   */
  RedisWaitingRoom waitingRoom(
      RedisInventory inventory, PostgresStore records, InstantSource clock) {
    return new RedisWaitingRoom(connection.sync(), inventory, records.rooms(), clock);
  }

  /** Whether Redis answers a ping now. */
  boolean healthy() {
    try {
      return "PONG".equals(connection.sync().ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The prefix of every key kept here. */
  String namespace() {
    return namespace;
  }

  /** Commands on the shared connection: for tests that look at what is kept. */
  RedisCommands<String, String> commands() {
    return connection.sync();
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
