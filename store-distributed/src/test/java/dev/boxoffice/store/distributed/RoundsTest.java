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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RoundsTest {
  private final Logger log = (Logger) LoggerFactory.getLogger("rounds-test");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void captureTheLog() {
    log.setLevel(Level.INFO);
    lines.start();
    log.addAppender(lines);
  }

  @AfterEach
  void releaseTheLog() {
    log.detachAppender(lines);
  }

  @Test
  void roundsFailingInARowAreLoggedOnceAFewSecondsThenOnceWhenTheyWorkAgain() throws Exception {
    AtomicInteger round = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    try (Rounds rounds = new Rounds("rounds-test", "Testing", log)) {
      rounds.every(
          Duration.ofMillis(1),
          () -> {
            int n = round.incrementAndGet();
            if (n <= 50 || n == 52) {
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
            "Testing works again after 50 failures",
            "Testing failed; the next round tries again: java.lang.IllegalStateException: down",
            "Testing works again after 1 failures");
  }

  @Test
  void failuresAfterTheQuietTimeAreLoggedWithTheCountOfThoseNotLogged() throws Exception {
    RuntimeException down = new IllegalStateException("down");
    try (Rounds rounds = new Rounds("rounds-test", "Testing", log, Duration.ofSeconds(1))) {
      for (int i = 0; i < 3; i++) {
        rounds.failed("Part", down);
      }
      Thread.sleep(1_100);
      rounds.failed("Part", down);
    }

    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "Part failed; the next round tries again: java.lang.IllegalStateException: down",
            "Part failed (2 more failures since the last line): java.lang.IllegalStateException:"
                + " down");
  }
}
