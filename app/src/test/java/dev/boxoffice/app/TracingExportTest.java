package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server given {@code --otlp-endpoint} sends its spans to that collector over OTLP/HTTP: here a
 * local receiver that keeps what it is sent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TracingExportTest {
  @TempDir Path dir;

  @Test
  void spansReachTheCollectorNamedByRouteAndInstance() throws Exception {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    HttpServer collector =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          synchronized (received) {
            received.write(body);
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    try {
      String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
      List<String> args =
          List.of(
              "serve",
              "--data",
              dir.resolve("data").toString(),
              "--instance",
              "traced-1",
              "--otlp-endpoint",
              endpoint);
      try (ServerProcess server =
          ServerProcess.start(
              args, Map.of("OTEL_BSP_SCHEDULE_DELAY", "100"), dir.resolve("out.log"))) {
        assertThat(server.get("/v1/events", null).status()).isEqualTo(200);

        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> text(received).contains("GET /v1/events"));
        assertThat(text(received)).contains("boxoffice", "traced-1", "http.route");
        assertThat(server.output()).contains("tracing: exporting spans over OTLP");
      }
    } finally {
      collector.stop(0);
    }
  }

  private static String text(ByteArrayOutputStream received) throws IOException {
    synchronized (received) {
      return received.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
