package dev.boxoffice.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LoadtestCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine line = new CommandLine(new LoadtestCommand());
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  @Test
  void helpListsEveryScenarioAndTheMainOptions() {
    assertThat(run("--help")).isZero();
    for (Scenario s : Scenarios.all()) {
      assertThat(out.toString()).contains("  " + s.name() + " ");
    }
    assertThat(out.toString())
        .contains("--url", "--spawn", "--connections", "--duration", "--rate", "--out")
        .contains("--restart-check", "--admin-key", "--session-key", "--data");
  }

  @Test
  void anUnknownScenarioIsAUsageError() {
    assertThat(run("nonsense", "--admin-key", "k", "--session-key", key())).isEqualTo(2);
    assertThat(err.toString()).contains("unknown scenario 'nonsense'", "ceiling", "flash");
  }

  @Test
  void aRemoteUrlIsRefused() {
    assertThat(
            run(
                "ceiling",
                "--url",
                "http://192.0.2.1:8080",
                "--admin-key",
                "k",
                "--session-key",
                key()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("refusing to load-test");
  }

  @Test
  void restartCheckNeedsSpawn() {
    assertThat(run("flash", "--restart-check")).isEqualTo(2);
    assertThat(err.toString()).contains("--restart-check needs --spawn");
  }

  @Test
  void withoutASessionKeyItSaysHowToGiveOne(@TempDir Path empty) {
    assertThat(run("reserved", "--admin-key", "k", "--data", empty.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--session-key");
  }

  @Test
  void itRunsAgainstAServerAndWritesTheJsonReport(@TempDir Path dir) throws Exception {
    byte[] key = Base64.getDecoder().decode(key());
    Path keys = Files.createDirectories(dir.resolve("data").resolve("keys"));
    Files.writeString(keys.resolve("session.key"), Base64.getEncoder().encodeToString(key) + "\n");
    Path json = dir.resolve("report.json");
    try (FakeServer server = new FakeServer(new FakeBoxoffice(key, FakeBoxoffice.Fault.NONE))) {
      int code =
          run(
              "ceiling",
              "--url",
              "http://127.0.0.1:" + server.port(),
              "--admin-key",
              FakeBoxoffice.ADMIN_KEY,
              "--data",
              dir.resolve("data").toString(),
              "--duration",
              "500ms",
              "--connections",
              "2",
              "--quiet",
              "--out",
              json.toString());
      assertThat(code).as(err.toString()).isZero();
    }
    assertThat(out.toString()).contains("Scenario   ceiling", "PASS  no errors");
    assertThat(Run.JSON.readTree(json.toFile()).path("passed").asBoolean()).isTrue();
  }

  private static String key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
