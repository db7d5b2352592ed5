package dev.boxoffice.store.distributed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/** Whether a service the tests need answers; what to do when it does not. */
final class Services {
  private Services() {}

  /**
   * Returns if {@code name} accepts connections at {@code host:port}; else skips the test with a
   * warning on standard error, or fails it in CI ({@code CI=true}), where every service must run.
   */
  static void requireRunning(String name, String host, int port) {
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
