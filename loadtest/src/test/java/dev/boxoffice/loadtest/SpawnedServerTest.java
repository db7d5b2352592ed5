package dev.boxoffice.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --spawn} and {@code --restart-check} with a stand-in server process ({@link
 * FakeServerMain}) that keeps nothing on disk: the run itself passes, and the restart check catches
 * the orders the restart lost.
 */
class SpawnedServerTest {
  @TempDir Path dir;

  @Test
  void spawnStartsAServerTestsItAndStopsIt() throws Exception {
    StringWriter out = new StringWriter();
    int code = run(out, "ceiling", "--duration", "1s", "--connections", "2");
    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString()).contains("PASS  no errors");
  }

  @Test
  void theRestartCheckCatchesAServerThatForgetsOrdersWhenKilled() throws Exception {
    StringWriter out = new StringWriter();
    int code =
        run(
            out,
            "flash",
            "--items",
            "20",
            "--users",
            "100",
            "--connections",
            "4",
            "--restart-check");
    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .contains("PASS  exactly 20 orders:")
        .contains(
            "FAIL  the server answers the checks (after restart): IOException: reading the inventory failed: 404");
  }

  @Test
  void theServerClassPathIsMadeAbsoluteSinceTheServerRunsInItsDataFolder() {
    String cwd = Path.of("").toAbsolutePath().toString();
    String sep = java.io.File.pathSeparator;
    assertThat(SpawnedServer.absolute("app.jar" + sep + "lib/*" + sep + "/opt/x.jar"))
        .isEqualTo(cwd + "/app.jar" + sep + cwd + "/lib/*" + sep + "/opt/x.jar");
  }

  private int run(StringWriter out, String... args) {
    CommandLine line = new CommandLine(new LoadtestCommand());
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 7];
    System.arraycopy(args, 0, all, 0, args.length);
    String[] spawn = {
      "--spawn",
      "--quiet",
      "--server-main-class",
      FakeServerMain.class.getName(),
      "--server-classpath",
      classpath(),
      "--server-jvm-option=-XX:TieredStopAtLevel=1"
    };
    System.arraycopy(spawn, 0, all, args.length, spawn.length);
    int code = line.execute(all);
    out.append("\n").append(err.toString());
    return code;
  }

  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
