package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WatchedSourceTest {
  @Test
  void aStreamWhoseLooksFailWhileTheStoreIsDownIsToldOnceItAnswersAgain() throws Exception {
    AtomicInteger looks = new AtomicInteger();
    LinkedBlockingQueue<ServerSentEvent> sent = new LinkedBlockingQueue<>();
    EventSource source =
        WatchedSource.of(
            "watched-source-test",
            changed -> () -> {},
            sink -> {
              if (looks.incrementAndGet() <= 2) {
                throw new IllegalStateException("the store is down");
              }
              sink.send(new ServerSentEvent("status", Map.of("state", "ADMITTED"), true));
              return -1;
            });

    try (AutoCloseable handle = source.open(sent::offer)) {
      ServerSentEvent event = sent.poll(10, TimeUnit.SECONDS);

      assertThat(event).isNotNull();
      assertThat(event.name()).isEqualTo("status");
      assertThat(looks).hasValue(3);
    }
  }
}
