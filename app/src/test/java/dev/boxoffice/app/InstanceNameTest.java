package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named server ({@code --instance}): every metric carries the name as its {@code instance} label
 * and every log line as its {@code instance} field, the access log's lines among them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InstanceNameTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theNameLabelsEveryMetricAndEveryLogLine() throws Exception {
    List<String> args =
        List.of(
            "serve",
            "--data",
            dir.resolve("data").toString(),
            "--instance",
            "gateway-1",
            "--access-log",
            "all",
            "--metrics-auth",
            "none");
    try (ServerProcess server = ServerProcess.start(args, Map.of(), dir.resolve("out.log"));
        HttpClient client = HttpClient.newHttpClient()) {
      assertThat(server.get("/v1/events", null).status()).isEqualTo(200);
      String metrics =
          client
              .send(
                  HttpRequest.newBuilder(URI.create(server.base() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      List<String> samples = metrics.lines().filter(l -> !l.startsWith("#")).toList();
      assertThat(samples)
          .isNotEmpty()
          .allSatisfy(l -> assertThat(l).contains("instance=\"gateway-1\""));

      String output = server.awaitOutput("\"route\":\"/metrics\"");
      List<JsonNode> lines =
          output.lines().filter(l -> l.startsWith("{")).map(InstanceNameTest::parse).toList();
      assertThat(lines)
          .isNotEmpty()
          .allSatisfy(l -> assertThat(l.path("instance").asText()).isEqualTo("gateway-1"));
      assertThat(lines)
          .anySatisfy(
              l -> {
                assertThat(l.path("logger_name").asText()).isEqualTo("boxoffice.access");
                assertThat(l.path("route").asText()).isEqualTo("/v1/events");
                assertThat(l.path("status").asInt()).isEqualTo(200);
              });
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("not a JSON log line: " + line, e);
    }
  }
}
