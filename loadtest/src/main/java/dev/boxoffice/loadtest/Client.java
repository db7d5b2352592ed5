package dev.boxoffice.loadtest;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A connection to the target that reopens itself: after a failure or a {@code Connection: close},
 * the next request opens a new connection. Used by workers and by setup and checks.
 *
 * <p>Thread policy: confined to one thread at a time.
 */
public final class Client implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Target target;
  private HttpConnection connection;

  Client(Target target) {
    this.target = target;
  }

  Target target() {
    return target;
  }

  /** Sends {@code request}, on a new connection if the last one cannot be reused. */
  public Response send(Request request) throws IOException {
    if (connection == null || !connection.reusable()) {
      if (connection != null) {
        connection.close();
      }
      connection = HttpConnection.open(target.address(), TIMEOUT);
    }
    return connection.exchange(request);
  }

  /** Like {@link #send}, retrying once on a fresh connection when the old one was stale. */
  public Response sendRetrying(Request request) throws IOException {
    try {
      return send(request);
    } catch (IOException e) {
      return send(request);
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  /** The short name of a transport failure, for the report's error counts. */
  static String kind(IOException e) {
    return switch (e) {
      case ConnectException c -> "connect";
      case SocketTimeoutException t -> "timeout";
      case EOFException eof -> "closed";
      case ProtocolException p -> "protocol";
      default -> "io";
    };
  }
}
