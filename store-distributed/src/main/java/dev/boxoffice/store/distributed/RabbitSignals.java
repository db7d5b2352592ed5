package dev.boxoffice.store.distributed;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import dev.boxoffice.core.event.EventId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Signals} on RabbitMQ: a fanout exchange per deployment ({@code NAME.events}) to which
 * every server publishes and binds a queue of its own (named by RabbitMQ, gone with the server's
 * connection). A signal is {@code "TOPIC EVENT_ID"}, published without confirms: it is a hint. The
 * connection recovers by itself, its queue and binding with it.
 *
 * <p>Thread policy: thread-safe; publishing is serialised on one channel.
 */
final class RabbitSignals implements Signals, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RabbitSignals.class);

  private final Connection connection;
  private final Channel publisher;
  private final String exchange;
  private final Map<String, Consumer<EventId>> listeners = new ConcurrentHashMap<>();

  private RabbitSignals(Connection connection, Channel publisher, String exchange) {
    this.connection = connection;
    this.publisher = publisher;
    this.exchange = exchange;
  }

  /**
   * Connects to RabbitMQ at {@code url} and listens to the deployment {@code name}'s signals.
   *
   * @throws IllegalArgumentException if the URL is not an AMQP one
   * @throws ServiceUnavailableException if RabbitMQ cannot be reached or refuses the login
   */
  static RabbitSignals open(String url, String name) {
    ConnectionFactory factory = RabbitOrderQueue.factory(url);
    String exchange = name + ".events";
    Connection connection = null;
    try {
      connection = factory.newConnection("boxoffice-signals");
      Channel publisher = connection.createChannel();
      publisher.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, true);
      RabbitSignals signals = new RabbitSignals(connection, publisher, exchange);
      Channel consumer = connection.createChannel();
      String queue = consumer.queueDeclare().getQueue();
      consumer.queueBind(queue, exchange, "");
      consumer.basicConsume(queue, true, signals::delivered, tag -> {});
      return signals;
    } catch (IOException | TimeoutException e) {
      if (connection != null) {
        connection.abort();
      }
      throw new ServiceUnavailableException(
          "RabbitMQ at "
              + factory.getHost()
              + ":"
              + factory.getPort()
              + " cannot be used: "
              + RabbitOrderQueue.rootMessage(e),
          e);
    }
  }

  @Override
  public void signal(String topic, EventId event) {
    byte[] body = (topic + " " + event.value()).getBytes(StandardCharsets.UTF_8);
    try {
      synchronized (publisher) {
        publisher.basicPublish(exchange, "", null, body);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Signal {} of {} not sent: {}", topic, event, e.toString());
    }
  }

  @Override
  public void onSignal(String topic, Consumer<EventId> listener) {
    listeners.put(topic, listener);
  }

  private void delivered(String tag, Delivery delivery) {
    String[] parts = new String(delivery.getBody(), StandardCharsets.UTF_8).split(" ", 2);
    Consumer<EventId> listener = parts.length == 2 ? listeners.get(parts[0]) : null;
    if (listener != null) {
      try {
        listener.accept(new EventId(parts[1]));
      } catch (RuntimeException e) {
        log.debug("Signal {} not taken: {}", String.join(" ", parts), e.toString());
      }
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (IOException | RuntimeException e) {
      connection.abort();
    }
  }
}
