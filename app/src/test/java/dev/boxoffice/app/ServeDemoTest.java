package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --demo} as a newcomer meets it: JSON logs, then the printed guide, whose shell
 * commands are run exactly as printed; then a clean stop and a restart that keeps the demo.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServeDemoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theDemoGuideRunsAsPrintedAndTheDemoSurvivesARestart() throws Exception {
    Path data = dir.resolve("data");
    List<String> args = List.of("serve", "--demo", "--data", data.toString());
    String adminKey;
    try (ServerProcess server = ServerProcess.start(args, Map.of(), dir.resolve("first.log"))) {
      String banner = server.awaitOutput("Stop the server");
      adminKey = Files.readString(data.resolve("keys/admin.key")).strip();
      assertThat(banner)
          .contains("Demo event 'demo'")
          .contains("Admin key: " + adminKey)
          .contains(server.base() + "/v1/events/demo")
          .contains(server.base() + "/openapi.yaml")
          .contains("curl -s -X POST $B/v1/events/demo/holds");

      List<String> logLines =
          banner.lines().takeWhile(line -> !line.startsWith("Boxoffice ")).toList();
      assertThat(logLines).as("log lines before the banner").isNotEmpty();
      for (String line : logLines) {
        assertThat(JSON.readTree(line).path("level").asText()).as(line).isNotEmpty();
      }
      assertThat(banner).doesNotContain("no Helidon logging implementation");

      assertThat(server.get("/health/ready", null).status()).isEqualTo(200);
      JsonNode event = server.get("/v1/events/demo", null).body();
      assertThat(event.path("ticketTypes").findValuesAsText("code"))
          .containsExactly("GA", "VIP", "ONE_DAY");
      assertThat(event.path("holdTtlSeconds").asInt()).isEqualTo(30);

      if (onPath("curl") && onPath("bash")) {
        Process tour =
            new ProcessBuilder("bash", "-euo", "pipefail", "-c", tour(banner))
                .redirectErrorStream(true)
                .start();
        assertThat(tour.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = new String(tour.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tour.exitValue()).as(said).isZero();
        JsonNode ga = gaStock(server, adminKey);
        assertThat(ga.path("sold").asInt()).as(said).isEqualTo(2);
        assertThat(ga.path("held").asInt()).isZero();
      } else {
        System.err.println("ServeDemoTest: curl or bash missing; the printed tour was NOT run");
      }

      assertThat(server.stop()).as("SIGTERM ends the server").isIn(0, 143);
      assertThat(server.output())
          .doesNotContain("Exception")
          .as("each step of the stop is logged")
          .containsSubsequence(
              "\"stopping: no new requests",
              "\"stopped the HTTP server\"",
              "\"closed the store\"",
              "\"stopped\"");
    }
    assertOwnerOnly(data);

    try (ServerProcess again = ServerProcess.start(args, Map.of(), dir.resolve("second.log"))) {
      assertThat(again.awaitOutput("Stop the server")).contains("Admin key: " + adminKey);
      assertThat(elements(again.get("/v1/events", null).body(), "events")).hasSize(1);
      if (onPath("curl") && onPath("bash")) {
        assertThat(gaStock(again, adminKey).path("sold").asInt()).isEqualTo(2);
      }
      again.stop();
    }
  }

  /**
   * The data folder and every folder in it are open to the owner only, and so are the files outside
   * the journal's folder (the keys); the journal's files are RocksDB's, made with the process's
   * default mode, and nobody else can enter the folder that holds them.
   */
  private static void assertOwnerOnly(Path data) throws IOException {
    Path journal = data.resolve("journal");
    assertThat(journal).isDirectory();
    try (Stream<Path> all = Files.walk(data)) {
      for (Path path : all.toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        if (Files.isDirectory(path)) {
          assertThat(mode).as(path.toString()).isEqualTo("rwx------");
        } else if (!path.startsWith(journal)) {
          assertThat(mode).as(path.toString()).isEqualTo("rw-------");
        }
      }
    }
  }

  /** The shell lines of the guide, between "Try it" and "Stop the server". */
  static String tour(String banner) {
    List<String> lines = new ArrayList<>();
    boolean in = false;
    for (String line : banner.lines().toList()) {
      if (line.startsWith("Try it")) {
        in = true;
      } else if (line.startsWith("Stop the server")) {
        break;
      } else if (in && !line.isBlank()) {
        lines.add(line.strip());
      }
    }
    assertThat(lines).isNotEmpty();
    return String.join("\n", lines) + "\n";
  }

  private static JsonNode gaStock(ServerProcess server, String adminKey) throws Exception {
    ServerProcess.Reply inventory = server.get("/v1/events/demo/inventory", adminKey);
    assertThat(inventory.status()).isEqualTo(200);
    for (JsonNode type : inventory.body().path("ticketTypes")) {
      if (type.path("code").asText().equals("GA")) {
        return type;
      }
    }
    throw new AssertionError("no GA in " + inventory.body());
  }

  /** The array itself, or the array under {@code field} of an object. */
  static List<JsonNode> elements(JsonNode node, String field) {
    JsonNode array = node.isArray() ? node : node.path(field);
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String folder : path.split(File.pathSeparator, -1)) {
      if (Files.isExecutable(Path.of(folder, program))) {
        return true;
      }
    }
    return false;
  }
}
