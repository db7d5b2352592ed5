package dev.boxoffice.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the server waits for a client, and how many clients it keeps. The timeouts cut slow
 * <em>requests</em>, never slow answers: a response that stays open for minutes (an event stream)
 * is not limited while the server writes it, only the reads that wait for the client are.
 *
 * @param headerTimeout the request line and headers must arrive within this time of the request's
 *     first byte (and a new connection's first request within this time of the connection)
 * @param bodyTimeout the body must arrive within this time of the end of the headers
 * @param idleTimeout a kept-alive connection with no request in flight is closed after this time
 * @param maxConnections open connections at most; further clients wait in the listen backlog
 */
public record ConnectionLimits(
    Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections) {

  /**
   * 10 s for headers, 30 s for a body (the largest accepted body is 64 KiB), 60 s idle, 20,000
   * connections: room for the waiting room's ~15,000 open event streams on one process.
   */
  public static final ConnectionLimits DEFAULT =
      new ConnectionLimits(
          Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 20_000);

  public ConnectionLimits {
    positive(headerTimeout, "header timeout");
    positive(bodyTimeout, "body timeout");
    positive(idleTimeout, "idle timeout");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("max connections must be at least 1: " + maxConnections);
    }
  }

  private static void positive(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the " + name + " must be longer than zero: " + timeout);
    }
  }
}
