package dev.boxoffice.app;

import ch.qos.logback.classic.LoggerContext;
import io.helidon.logging.common.spi.LoggingProvider;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Tells Helidon that logging goes through SLF4J (logback, JSON): Helidon finds this provider with
 * the service loader when its server starts and calls it instead of printing that no logging
 * implementation is present. Both calls route java.util.logging, which Helidon logs to, into SLF4J.
 * Idempotent and thread-safe; {@link Main} calls {@link #routeJulToSlf4j} first thing too.
 */
public final class Slf4jLogging implements LoggingProvider {
  public Slf4jLogging() {}

  @Override
  public void initialization() {
    routeJulToSlf4j();
  }

  @Override
  public void runTime() {
    routeJulToSlf4j();
  }

  /**
   * Adds {@code instance} to every log line from now on: a property of logback's context, which the
   * JSON encoder writes on each line.
   */
  static void nameInstance(String instance) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.putProperty("instance", instance);
    }
  }

  /** Replaces java.util.logging's console handler with the bridge to SLF4J, once. */
  static synchronized void routeJulToSlf4j() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
