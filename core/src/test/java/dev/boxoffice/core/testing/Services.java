package dev.boxoffice.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Assumptions;

/**
 * The services this machine runs for the tests of the distributed store (PostgreSQL, Redis and
 * RabbitMQ), where they are, and what to do when one does not answer.
 */
public final class Services {
  /** Where the tests find PostgreSQL: {@code BOXOFFICE_TEST_POSTGRES}, or this machine's. */
  public static final String POSTGRES_URL =
      System.getenv()
          .getOrDefault("BOXOFFICE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test");

  /** Where the tests find Redis: {@code BOXOFFICE_TEST_REDIS}, or this machine's database 15. */
  public static final String REDIS_URL =
      System.getenv().getOrDefault("BOXOFFICE_TEST_REDIS", "redis://127.0.0.1:6379/15");

  /** Where the tests find RabbitMQ: {@code BOXOFFICE_TEST_RABBITMQ}, or this machine's. */
  public static final String RABBITMQ_URL =
      System.getenv().getOrDefault("BOXOFFICE_TEST_RABBITMQ", "amqp://guest:guest@127.0.0.1:5672");

  private Services() {}

  /** Returns if PostgreSQL answers at {@link #POSTGRES_URL}; see {@link #requireRunning}. */
  public static void requirePostgres() {
    URI uri = URI.create(POSTGRES_URL);
    requireRunning("PostgreSQL", uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
  }

  /** Returns if Redis answers at {@link #REDIS_URL}; see {@link #requireRunning}. */
  public static void requireRedis() {
    URI uri = URI.create(REDIS_URL);
    requireRunning("Redis", uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
  }

  /** Returns if RabbitMQ answers at {@link #RABBITMQ_URL}; see {@link #requireRunning}. */
  public static void requireRabbitMq() {
    URI uri = URI.create(RABBITMQ_URL);
    requireRunning("RabbitMQ", uri.getHost(), uri.getPort() < 0 ? 5672 : uri.getPort());
  }

  /**
   * Returns if {@code name} accepts connections at {@code host:port}; else skips the test with a
   * warning on standard error, or fails it in CI ({@code CI=true}), where every service must run.
   */
  public static void requireRunning(String name, String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1_000);
      return;
    } catch (IOException e) {
      String message = name + " is not running at " + host + ":" + port;
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(message + ": CI needs it", e);
      }
      System.err.println("WARNING: " + message + ": skipping its tests");
      Assumptions.abort(message + ": skipping its tests");
    }
  }
}
