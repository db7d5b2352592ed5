package dev.boxoffice.store.distributed;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.impl.recovery.RecordedQueue;
import com.rabbitmq.client.impl.recovery.TopologyRecoveryFilter;
import dev.boxoffice.core.StoreUnavailableException;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order pipeline's queue in RabbitMQ: a durable quorum queue ({@code NAME.orders}) that every
 * server publishes accepted orders to, with publisher confirms, and that workers consume, settling
 * each batch before acknowledging it; messages it cannot settle (unreadable, or of an event nobody
 * knows) go to its dead-letter queue ({@code NAME.orders.dead}), from which {@link
 * #replayDeadLetters} puts them back.
 *
 * <p>An order is acknowledged to its buyer only once RabbitMQ confirmed it, so a broker that fails
 * fails the purchase (503) rather than losing the order. Delivery is at least once: a worker that
 * stops mid-batch leaves its orders to be delivered again, which settling makes harmless.
 *
 * <p>Connections recover by themselves (the client's automatic recovery, every second), consumers
 * included; see {@link #consume} for how a worker settles what it is delivered.
 *
 * <p>Thread policy: thread-safe; publishing goes through one writer thread ({@link GroupWriter}),
 * consuming through one worker thread, and {@link #drain} on its caller's.
 */
final class RabbitOrderQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RabbitOrderQueue.class);

  /** How long a purchase waits for RabbitMQ to confirm its order: then 503, and it is undone. */
  static final Duration PUBLISH_WAIT = Duration.ofSeconds(5);

  /** How many orders a worker takes from the queue at once, unacknowledged. */
  static final int PREFETCH = 512;

  /** How long a consumer's channel stays closed, its connection open, before it is replaced. */
  static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(5);

  /** How many times an order is delivered before it is dead-lettered as one nobody can settle. */
  static final int DELIVERY_LIMIT = 20;

  /** The message format: a version, then the order's fields, space-separated. */
  private static final String FORMAT = "order1";

  /** Settles a batch of delivered orders; returns those that can never be settled. */
  @FunctionalInterface
  interface Settler {
    List<Order> settle(List<Order> orders);
  }

  private final Connection publishing;
  private final Connection consuming;
  private final String queue;
  private final String deadLetters;
  private final GroupWriter<Order, Boolean> publisher;
  private Channel publishChannel;

  /** Counts the publishing connection's recoveries, begun and done. */
  private final AtomicLong recoveries = new AtomicLong();

  /** Set when RabbitMQ returns a message it could route to no queue (the queue was deleted). */
  private final AtomicBoolean returned = new AtomicBoolean();

  private volatile Thread worker;

  private RabbitOrderQueue(
      Connection publishing, Connection consuming, String queue, String deadLetters) {
    this.publishing = publishing;
    ((Recoverable) publishing)
        .addRecoveryListener(
            new RecoveryListener() {
              @Override
              public void handleRecovery(Recoverable recoverable) {
                recoveries.incrementAndGet();
              }

              @Override
              public void handleRecoveryStarted(Recoverable recoverable) {
                recoveries.incrementAndGet();
              }
            });
    this.consuming = consuming;
    this.queue = queue;
    this.deadLetters = deadLetters;
    this.publisher = new GroupWriter<>("order-publisher", "RabbitMQ", PUBLISH_WAIT, this::publish);
  }

  /**
   * How every connection to RabbitMQ at {@code url} is made: timeouts, heartbeats, and recovery by
   * itself every second.
   *
   * @throws IllegalArgumentException if the URL is not an AMQP one
   */
  static ConnectionFactory factory(String url) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(url);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "not a RabbitMQ URL: write it amqp://user:pass@host:port", e);
    }
    factory.setConnectionTimeout(2_000);
    factory.setRequestedHeartbeat(10);
    factory.setAutomaticRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(1_000);
    return factory;
  }

  /**
   * Connects to {@code url} ({@code amqp://user:pass@host:port/vhost}; {@code amqps://} for TLS)
   * and declares the deployment {@code name}'s queues.
   *
   * @throws IllegalArgumentException if the URL is not an AMQP one
   * @throws ServiceUnavailableException if RabbitMQ cannot be reached, refuses the login, or has
   *     the queues declared otherwise
   */
  static RabbitOrderQueue open(String url, String name) {
    ConnectionFactory factory = factory(url);
    // The queues are durable: a recovered connection needs its consumer back, not the declarations
    // (whose channel was closed after declaring).
    factory.setTopologyRecoveryFilter(
        new TopologyRecoveryFilter() {
          @Override
          public boolean filterQueue(RecordedQueue queue) {
            return false;
          }
        });
    String where = "RabbitMQ at " + factory.getHost() + ":" + factory.getPort();
    Connection publishing = null;
    Connection consuming = null;
    try {
      publishing = factory.newConnection("boxoffice-publish");
      consuming = factory.newConnection("boxoffice-consume");
      String queue = name + ".orders";
      String dead = queue + ".dead";
      try (Channel channel = publishing.createChannel()) {
        channel.queueDeclare(dead, true, false, false, Map.of("x-queue-type", "quorum"));
        channel.queueDeclare(
            queue,
            true,
            false,
            false,
            Map.of(
                "x-queue-type",
                "quorum",
                "x-delivery-limit",
                DELIVERY_LIMIT,
                "x-dead-letter-exchange",
                "",
                "x-dead-letter-routing-key",
                dead,
                // Dead-lettered at least once: a message leaves only once its dead letter is in.
                "x-dead-letter-strategy",
                "at-least-once",
                "x-overflow",
                "reject-publish"));
      }
      return new RabbitOrderQueue(publishing, consuming, queue, dead);
    } catch (Exception e) {
      for (Connection opened : new Connection[] {publishing, consuming}) {
        if (opened != null) {
          opened.abort();
        }
      }
      throw new ServiceUnavailableException(where + " cannot be used: " + rootMessage(e), e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }

  /**
   * Puts {@code order} in the queue, returning once RabbitMQ confirmed it durable.
   *
   * @throws StoreUnavailableException if RabbitMQ did not confirm it within {@link #PUBLISH_WAIT}
   */
  void publish(Order order) {
    publisher.write(order);
  }

  /** Publishes one group and waits for RabbitMQ to confirm all of it. */
  private List<Boolean> publish(List<Order> group) {
    try {
      Channel channel = publishChannel();
      returned.set(false);
      long recoveriesBefore = recoveries.get();
      for (Order order : group) {
        channel.basicPublish("", queue, true, properties(order), encode(order));
      }
      channel.waitForConfirmsOrDie(PUBLISH_WAIT.toMillis());
      if (returned.get()) {
        throw new IllegalStateException("the queue " + queue + " is gone: restart to declare it");
      }
      if (recoveries.get() != recoveriesBefore) {
        // The connection was replaced mid-group: what the old one published is unconfirmed.
        throw new IllegalStateException("the connection to RabbitMQ was lost while publishing");
      }
      return Collections.nCopies(group.size(), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while RabbitMQ confirmed orders", e);
    } catch (Exception e) {
      throw new StoreUnavailableException("RabbitMQ did not take the orders: " + e, e);
    }
  }

  /** The channel publishing in confirm mode; a new one after a failed wait closed it. */
  private Channel publishChannel() throws IOException {
    if (publishChannel == null || !publishChannel.isOpen()) {
      if (publishChannel != null) {
        abortQuietly(publishChannel); // so that recovery does not bring it back
      }
      publishChannel = publishing.createChannel();
      publishChannel.confirmSelect();
      publishChannel.addReturnListener(message -> returned.set(true));
    }
    return publishChannel;
  }

  private static AMQP.BasicProperties properties(Order order) {
    return new AMQP.BasicProperties.Builder()
        .contentType("text/plain")
        .deliveryMode(2)
        .messageId(order.id().value())
        .build();
  }

  /**
   * Consumes the queue from now on, on a worker thread: each batch delivered is settled by {@code
   * settler}, then acknowledged; orders it can never settle, and messages that are not orders, are
   * dead-lettered. A batch whose settling fails because Redis or PostgreSQL cannot be used is tried
   * again after a pause, unacknowledged, while the channel that delivered it is open (else RabbitMQ
   * delivers it again); one that fails otherwise is handed back to the queue at once, so that a
   * message nobody can settle is dead-lettered after {@link #DELIVERY_LIMIT} deliveries instead of
   * holding up the rest. A channel the broker closed or a consumer it cancelled is replaced.
   */
  void consume(Settler settler) {
    worker = Thread.ofPlatform().daemon().name("order-consumer").start(() -> work(settler));
  }

  /** One subscription to the queue: its channel, what it delivered, whether it was cancelled. */
  private record Subscription(
      Channel channel, BlockingQueue<Delivered> deliveries, AtomicBoolean cancelled) {}

  private void work(Settler settler) {
    while (!Thread.currentThread().isInterrupted()) {
      Subscription subscription;
      try {
        subscription = subscribe();
      } catch (IOException | RuntimeException e) {
        log.warn("Consuming {} failed; trying again in 1 s: {}", queue, e.toString());
        if (!pause(1_000)) {
          return;
        }
        continue;
      }
      try {
        if (!serve(subscription, settler)) {
          return;
        }
      } finally {
        abortQuietly(subscription.channel());
      }
    }
  }

  private Subscription subscribe() throws IOException {
    Channel channel = consuming.createChannel();
    try {
      channel.basicQos(PREFETCH);
      BlockingQueue<Delivered> deliveries = new LinkedBlockingQueue<>();
      AtomicBoolean cancelled = new AtomicBoolean();
      channel.basicConsume(
          queue,
          false,
          (tag, delivery) ->
              deliveries.add(
                  new Delivered(delivery.getEnvelope().getDeliveryTag(), delivery.getBody())),
          tag -> cancelled.set(true));
      return new Subscription(channel, deliveries, cancelled);
    } catch (IOException | RuntimeException e) {
      abortQuietly(channel);
      throw e;
    }
  }

  /**
   * Settles what {@code subscription} delivers until its channel is gone for good (closed for
   * {@link #RESUBSCRIBE_AFTER} while its connection is open: automatic recovery brings back only
   * channels lost with their connection) or its consumer is cancelled; false once interrupted.
   */
  private boolean serve(Subscription subscription, Settler settler) {
    Channel channel = subscription.channel();
    long closedSince = 0;
    List<Delivered> batch = new ArrayList<>();
    while (!subscription.cancelled().get()) {
      if (channel.isOpen() || !consuming.isOpen()) {
        closedSince = 0;
      } else if (closedSince == 0) {
        closedSince = System.nanoTime();
      } else if (System.nanoTime() - closedSince > RESUBSCRIBE_AFTER.toNanos()) {
        return true;
      }
      try {
        Delivered first = subscription.deliveries().poll(1, TimeUnit.SECONDS);
        if (first != null) {
          batch.add(first);
          subscription.deliveries().drainTo(batch, PREFETCH - 1);
          settleUntilDone(channel, batch, settler);
          batch.clear();
        }
      } catch (InterruptedException e) {
        return false;
      }
    }
    log.warn("RabbitMQ cancelled the consumer of {}; consuming again", queue);
    return true;
  }

  /** See {@link #consume}. */
  private void settleUntilDone(Channel channel, List<Delivered> batch, Settler settler)
      throws InterruptedException {
    Received received;
    try {
      received = receive(channel, batch);
    } catch (IOException | RuntimeException e) {
      return; // the channel is gone: RabbitMQ delivers the batch again
    }
    long pause = 100;
    while (channel.isOpen() && !received.orders().isEmpty()) {
      List<Order> unsettled;
      try {
        unsettled = settler.settle(received.orders());
      } catch (RuntimeException e) {
        if (!ServiceFailures.outage(e)) {
          log.error(
              "Settling {} orders failed; settling them one by one", received.orders().size(), e);
          settleEach(channel, received, settler);
          return;
        }
        log.warn(
            "Settling {} orders failed; trying again in {} ms: {}",
            received.orders().size(),
            pause,
            e.toString());
        Thread.sleep(pause);
        pause = Math.min(pause * 2, 5_000);
        continue;
      }
      try {
        acknowledge(channel, received, unsettled);
      } catch (IOException | RuntimeException e) {
        // The channel is gone: RabbitMQ delivers the batch again, and settling it again is
        // harmless.
      }
      return;
    }
  }

  /**
   * Settles a batch that failed as a whole one order at a time: each settled is acknowledged, each
   * that fails is handed back to the queue, which dead-letters it after {@link #DELIVERY_LIMIT}
   * deliveries. Should a service fail meanwhile, the rest is handed back too. A pause follows, so
   * that what was handed back does not come straight back.
   */
  private static void settleEach(Channel channel, Received received, Settler settler)
      throws InterruptedException {
    try {
      for (int i = 0; i < received.orders().size(); i++) {
        Order order = received.orders().get(i);
        long tag = received.tags().get(i);
        try {
          if (settler.settle(List.of(order)).isEmpty()) {
            channel.basicAck(tag, false);
          } else {
            log.error("Dead-lettering order {}: no server can settle it", order.id());
            channel.basicReject(tag, false);
          }
        } catch (RuntimeException e) {
          if (ServiceFailures.outage(e)) {
            channel.basicNack(received.tags().getLast(), true, true);
            break;
          }
          log.error("Settling order {} failed; handing it back", order.id(), e);
          channel.basicReject(tag, true);
        }
      }
    } catch (IOException | RuntimeException e) {
      // The channel is gone: RabbitMQ delivers what was not acknowledged again.
    }
    Thread.sleep(1_000);
  }

  /** A batch's orders and their delivery tags, what was not an order dead-lettered already. */
  private record Received(List<Order> orders, List<Long> tags) {}

  /** Reads a batch's orders, dead-lettering each message that is not one. */
  private static Received receive(Channel channel, List<Delivered> batch) throws IOException {
    List<Order> orders = new ArrayList<>();
    List<Long> tags = new ArrayList<>();
    for (Delivered delivered : batch) {
      try {
        orders.add(decode(delivered.body()));
        tags.add(delivered.tag());
      } catch (RuntimeException e) {
        log.error("Dead-lettering a message that is not an order: {}", e.getMessage());
        channel.basicReject(delivered.tag(), false);
      }
    }
    return new Received(orders, tags);
  }

  /** Acknowledges a settled batch, dead-lettering the orders nobody can settle. */
  private static void acknowledge(Channel channel, Received received, List<Order> unsettled)
      throws IOException {
    long lastSettled = -1;
    for (int i = 0; i < received.orders().size(); i++) {
      if (unsettled.contains(received.orders().get(i))) {
        log.error(
            "Dead-lettering order {}: no server can settle it", received.orders().get(i).id());
        channel.basicReject(received.tags().get(i), false);
      } else {
        lastSettled = received.tags().get(i);
      }
    }
    if (lastSettled >= 0) {
      // Batches are settled in delivery order: every tag up to this one is settled or rejected.
      channel.basicAck(lastSettled, true);
    }
  }

  private static void abortQuietly(Channel channel) {
    try {
      channel.abort();
    } catch (IOException | RuntimeException e) {
      // Aborting a channel that is gone: nothing more to do.
    }
  }

  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Settles whatever is ready in the queue now, on the caller's thread, until it is empty. Orders
   * already delivered to a consumer are theirs to settle.
   *
   * @throws StoreUnavailableException if RabbitMQ, Redis or PostgreSQL cannot be used
   */
  void drain(Settler settler) {
    try (Channel channel = consuming.createChannel()) {
      while (true) {
        List<Delivered> batch = new ArrayList<>();
        GetResponse got;
        while (batch.size() < PREFETCH && (got = channel.basicGet(queue, false)) != null) {
          batch.add(new Delivered(got.getEnvelope().getDeliveryTag(), got.getBody()));
        }
        if (batch.isEmpty()) {
          return;
        }
        Received received = receive(channel, batch);
        if (!received.orders().isEmpty()) {
          acknowledge(channel, received, settler.settle(received.orders()));
        }
      }
    } catch (IOException | TimeoutException e) {
      throw new StoreUnavailableException("RabbitMQ could not be drained: " + e, e);
    }
  }

  /**
   * Moves the messages dead-lettered before this call back to the queue, each confirmed there
   * before it leaves the dead letters; returns how many it moved.
   */
  int replayDeadLetters() {
    try (Channel channel = publishing.createChannel()) {
      channel.confirmSelect();
      AtomicBoolean unroutable = new AtomicBoolean();
      channel.addReturnListener(message -> unroutable.set(true));
      long waiting = channel.messageCount(deadLetters);
      int count = 0;
      GetResponse got;
      while (count < waiting && (got = channel.basicGet(deadLetters, false)) != null) {
        channel.basicPublish("", queue, true, got.getProps(), got.getBody());
        channel.waitForConfirmsOrDie(PUBLISH_WAIT.toMillis());
        if (unroutable.get()) {
          throw new IllegalStateException("the queue " + queue + " is gone: start a server first");
        }
        channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
        count++;
      }
      return count;
    } catch (Exception e) {
      throw new StoreUnavailableException("RabbitMQ could not replay the dead letters: " + e, e);
    }
  }

  /** How many messages wait in the queue and in its dead letters, as RabbitMQ counts them. */
  Counts counts() {
    try (Channel channel = publishing.createChannel()) {
      return new Counts(channel.messageCount(queue), channel.messageCount(deadLetters));
    } catch (Exception e) {
      throw new StoreUnavailableException("RabbitMQ could not count its queues: " + e, e);
    }
  }

  /** Messages ready in the queue (not those delivered and unacknowledged) and dead-lettered. */
  record Counts(long ready, long dead) {}

  /** Whether the publishing connection is open now. */
  boolean healthy() {
    return publishing.isOpen();
  }

  /** A message as it reached this server: its delivery tag on its channel, and its body. */
  private record Delivered(long tag, byte[] body) {}

  static byte[] encode(Order order) {
    return String.join(
            " ",
            FORMAT,
            order.id().value(),
            order.hold().value(),
            order.user().value(),
            order.ticketType().value(),
            String.valueOf(order.quantity()),
            String.valueOf(order.total().minor()),
            order.total().currency(),
            String.valueOf(order.createdAt().toEpochMilli()))
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The order a message carries.
   *
   * @throws IllegalArgumentException if it carries none
   */
  static Order decode(byte[] body) {
    String[] f = new String(body, StandardCharsets.UTF_8).split(" ");
    if (f.length != 9 || !FORMAT.equals(f[0])) {
      throw new IllegalArgumentException("not an " + FORMAT + " message");
    }
    HoldId hold = new HoldId(f[2]);
    return new Order(
        new OrderId(f[1]),
        hold,
        hold.event(),
        new UserId(f[3]),
        new TicketTypeCode(f[4]),
        Integer.parseInt(f[5]),
        new Money(Long.parseLong(f[6]), f[7]),
        Instant.ofEpochMilli(Long.parseLong(f[8])));
  }

  @Override
  public void close() {
    Thread consumer = worker;
    if (consumer != null) {
      consumer.interrupt();
    }
    publisher.close();
    consuming.abort();
    publishing.abort();
  }
}
