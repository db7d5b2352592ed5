package dev.boxoffice.store.distributed;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
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
import java.util.concurrent.atomic.AtomicBoolean;
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
 * included. A batch that fails for want of Redis or PostgreSQL is tried again, unacknowledged,
 * until they are back.
 *
 * <p>Thread policy: thread-safe; publishing goes through one writer thread ({@link GroupWriter}),
 * consuming through one worker thread.
 */
final class RabbitOrderQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RabbitOrderQueue.class);

  /** How long a purchase waits for RabbitMQ to confirm its order: then 503, and it is undone. */
  static final Duration PUBLISH_WAIT = Duration.ofSeconds(5);

  /** How many orders a worker takes from the queue at once, unacknowledged. */
  static final int PREFETCH = 512;

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

  /** Set when RabbitMQ returns a message it could route to no queue (the queue was deleted). */
  private final AtomicBoolean returned = new AtomicBoolean();

  private volatile Thread worker;

  private RabbitOrderQueue(
      Connection publishing, Connection consuming, String queue, String deadLetters) {
    this.publishing = publishing;
    this.consuming = consuming;
    this.queue = queue;
    this.deadLetters = deadLetters;
    this.publisher = new GroupWriter<>("order-publisher", "RabbitMQ", PUBLISH_WAIT, this::publish);
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
    try {
      publishing = factory.newConnection("boxoffice-publish");
      Connection consuming = factory.newConnection("boxoffice-consume");
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
                dead));
      }
      return new RabbitOrderQueue(publishing, consuming, queue, dead);
    } catch (Exception e) {
      if (publishing != null) {
        publishing.abort();
      }
      throw new ServiceUnavailableException(where + " cannot be used: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
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
      for (Order order : group) {
        channel.basicPublish("", queue, true, properties(order), encode(order));
      }
      channel.waitForConfirmsOrDie(PUBLISH_WAIT.toMillis());
      if (returned.get()) {
        throw new IllegalStateException("the queue " + queue + " is gone: restart to declare it");
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
   * dead-lettered. A batch whose settling fails is tried again after a pause, while the channel
   * that delivered it is open (else RabbitMQ delivers it again).
   */
  void consume(Settler settler) {
    BlockingQueue<Delivered> deliveries = new LinkedBlockingQueue<>();
    Channel channel;
    try {
      channel = consuming.createChannel();
      channel.basicQos(PREFETCH);
      channel.basicConsume(
          queue,
          false,
          (tag, delivery) ->
              deliveries.add(
                  new Delivered(delivery.getEnvelope().getDeliveryTag(), delivery.getBody())),
          tag -> {});
    } catch (IOException e) {
      throw new ServiceUnavailableException("RabbitMQ refused a consumer: " + e, e);
    }
    worker =
        Thread.ofPlatform()
            .daemon()
            .name("order-consumer")
            .start(() -> work(channel, deliveries, settler));
  }

  private void work(Channel channel, BlockingQueue<Delivered> deliveries, Settler settler) {
    List<Delivered> batch = new ArrayList<>();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Delivered first = deliveries.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        deliveries.drainTo(batch, PREFETCH - 1);
        settleUntilDone(channel, batch, settler);
      } catch (InterruptedException e) {
        return;
      } finally {
        batch.clear();
      }
    }
  }

  /** Settles and acknowledges {@code batch}, trying again while its channel is open. */
  private void settleUntilDone(Channel channel, List<Delivered> batch, Settler settler)
      throws InterruptedException {
    long pause = 100;
    while (channel.isOpen()) {
      try {
        settle(channel, batch, settler);
        return;
      } catch (IOException | RuntimeException e) {
        log.warn(
            "Settling {} orders failed; trying again in {} ms: {}",
            batch.size(),
            pause,
            e.toString());
        Thread.sleep(pause);
        pause = Math.min(pause * 2, 5_000);
      }
    }
  }

  /** Settles one batch on {@code channel} and acknowledges it; returns how many were orders. */
  private int settle(Channel channel, List<Delivered> batch, Settler settler) throws IOException {
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
    List<Order> unsettled = orders.isEmpty() ? List.of() : settler.settle(orders);
    long lastSettled = -1;
    for (int i = 0; i < orders.size(); i++) {
      if (unsettled.contains(orders.get(i))) {
        log.error("Dead-lettering order {}: no server can settle it", orders.get(i).id());
        channel.basicReject(tags.get(i), false);
      } else {
        lastSettled = tags.get(i);
      }
    }
    if (lastSettled >= 0) {
      // Batches are settled in delivery order: every tag up to this one is settled or rejected.
      channel.basicAck(lastSettled, true);
    }
    return orders.size();
  }

  /**
   * Settles whatever is ready in the queue now, on this thread, until it is empty; returns how many
   * orders it settled. Orders already delivered to a consumer are theirs to settle.
   */
  int drain(Settler settler) {
    try (Channel channel = consuming.createChannel()) {
      int count = 0;
      while (true) {
        List<Delivered> batch = new ArrayList<>();
        GetResponse got;
        while (batch.size() < PREFETCH && (got = channel.basicGet(queue, false)) != null) {
          batch.add(new Delivered(got.getEnvelope().getDeliveryTag(), got.getBody()));
        }
        if (batch.isEmpty()) {
          return count;
        }
        count += settle(channel, batch, settler);
      }
    } catch (Exception e) {
      throw new StoreUnavailableException("RabbitMQ could not be drained: " + e, e);
    }
  }

  /**
   * Moves every dead-lettered message back to the queue, each confirmed there before it leaves the
   * dead letters; returns how many it moved.
   */
  int replayDeadLetters() {
    try (Channel channel = publishing.createChannel()) {
      channel.confirmSelect();
      int count = 0;
      GetResponse got;
      while ((got = channel.basicGet(deadLetters, false)) != null) {
        channel.basicPublish("", queue, true, got.getProps(), got.getBody());
        channel.waitForConfirmsOrDie(PUBLISH_WAIT.toMillis());
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
