package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

/** The "nothing was logged" checks of other tests see what Helidon logs, not only our own lines. */
class LogCaptureTest {
  @Test
  void linesLoggedThroughSystemLoggerAndSlf4jAreBothCaptured() {
    try (LogCapture logs = LogCapture.all(Level.WARN)) {
      System.getLogger("io.helidon.example").log(System.Logger.Level.WARNING, "from Helidon");
      org.slf4j.LoggerFactory.getLogger(LogCaptureTest.class).warn("from Boxoffice");
      org.slf4j.LoggerFactory.getLogger(LogCaptureTest.class).info("below the level");
      assertThat(logs.atLeast(Level.WARN))
          .containsExactly(
              "io.helidon.example: from Helidon",
              "dev.boxoffice.http.LogCaptureTest: from Boxoffice");
    }
  }
}
