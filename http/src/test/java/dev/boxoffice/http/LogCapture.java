package dev.boxoffice.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * What a logger writes at a level or above while a test runs; close it to stop listening. Tests
 * keep logging off (logback-test.xml), so the logger's level is set while capturing and restored
 * after. Helidon logs through java.util.logging, which is bridged here as the app bridges it.
 */
final class LogCapture implements AutoCloseable {
  static {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  private final Logger logger;
  private final Level before;
  private final ListAppender<ILoggingEvent> appender =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          // An event reads the MDC lazily, after the request has cleared it: capture it now.
          event.prepareForDeferredProcessing();
          super.append(event);
        }
      };

  private LogCapture(Logger logger, Level level) {
    this.logger = logger;
    this.before = logger.getLevel();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(level);
  }

  /** Everything logged anywhere at {@code level} or above. */
  static LogCapture all(Level level) {
    return new LogCapture(
        (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME), level);
  }

  /** What the logger named {@code name} writes at {@code level} or above. */
  static LogCapture named(String name, Level level) {
    return new LogCapture((Logger) LoggerFactory.getLogger(name), level);
  }

  /** What {@code type}'s logger writes at {@code level} or above. */
  static LogCapture of(Class<?> type, Level level) {
    return new LogCapture((Logger) LoggerFactory.getLogger(type), level);
  }

  /** The events captured so far. */
  List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  /** The messages of the events at {@code level} or above. */
  List<String> atLeast(Level level) {
    return events().stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(level))
        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
        .toList();
  }

  @Override
  public void close() {
    logger.setLevel(before);
    logger.detachAppender(appender);
  }
}
