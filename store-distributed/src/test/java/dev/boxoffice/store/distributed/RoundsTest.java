package dev.boxoffice.store.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RoundsTest {
  @Test
  void roundsFailingInARowAreLoggedOnceAFewSecondsThenOnceWhenTheyWorkAgain() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger("rounds-test");
    log.setLevel(Level.INFO);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    log.addAppender(lines);
    AtomicInteger round = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    try (Rounds rounds = new Rounds("rounds-test", "Testing", log)) {
      rounds.every(
          Duration.ofMillis(1),
          () -> {
            int n = round.incrementAndGet();
            if (n <= 50) {
              throw new IllegalStateException("down");
            }
            if (n == 60) {
              done.countDown();
            }
          });
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "Testing failed; the next round tries again: java.lang.IllegalStateException: down",
            "Testing works again after 50 failures");
  }
}
