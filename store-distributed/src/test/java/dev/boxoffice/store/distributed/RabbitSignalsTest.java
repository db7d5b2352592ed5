package dev.boxoffice.store.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.testing.Services;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signals between the servers of a deployment, on this machine's RabbitMQ. */
class RabbitSignalsTest {
  private final String deployment = "test_" + UUID.randomUUID().toString().replace("-", "");
  private RabbitSignals first;
  private RabbitSignals second;
  private RabbitSignals elsewhere;

  @BeforeEach
  void open() {
    Services.requireRabbitMq();
    first = RabbitSignals.open(Services.RABBITMQ_URL, deployment);
    second = RabbitSignals.open(Services.RABBITMQ_URL, deployment);
    elsewhere = RabbitSignals.open(Services.RABBITMQ_URL, deployment + "_other");
  }

  @AfterEach
  void close() throws Exception {
    for (RabbitSignals signals : List.of(first, second, elsewhere)) {
      signals.close();
    }
    TestInventory.onRabbitMq(
        channel -> {
          channel.exchangeDelete(deployment + ".events");
          channel.exchangeDelete(deployment + "_other.events");
        });
  }

  @Test
  void everyServerOfTheDeploymentHearsASignalOfItsTopicAndNoOtherDeploymentDoes() throws Exception {
    Queue<EventId> heardBySecond = new ConcurrentLinkedQueue<>();
    Queue<EventId> heardByFirst = new ConcurrentLinkedQueue<>();
    Queue<EventId> heardElsewhere = new ConcurrentLinkedQueue<>();
    second.onSignal("room", heardBySecond::add);
    first.onSignal("room", heardByFirst::add);
    elsewhere.onSignal("room", heardElsewhere::add);

    first.signal("lottery", new EventId("ev-1"));
    first.signal("room", new EventId("ev-2"));

    await().atMost(Duration.ofSeconds(5)).until(() -> heardBySecond.size() == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> heardByFirst.size() == 1);
    assertThat(heardBySecond).containsExactly(new EventId("ev-2"));
    Thread.sleep(300);
    assertThat(heardBySecond).hasSize(1);
    assertThat(heardElsewhere).isEmpty();
  }
}
