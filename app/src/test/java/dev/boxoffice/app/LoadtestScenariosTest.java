package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.boxoffice.loadtest.LoadtestCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every load-test scenario for a few seconds against a real server that {@code loadtest --spawn}
 * starts in its own JVM from this test run's class path; each run must pass all its checks. The
 * flash sale also runs its restart check: SIGKILL, restart on the same data, check again.
 *
 * <p>Lives in the app module because the spawned server is {@code dev.boxoffice.app.Main}.
 */
class LoadtestScenariosTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void ceilingRunsAgainstASpawnedServer() throws Exception {
    JsonNode report = run("ceiling", "--duration", "2s", "--connections", "4");
    assertThat(report.path("requests").asLong()).isPositive();
  }

  @Test
  void reservedPassesEveryCheckAgainstASpawnedServer() throws Exception {
    JsonNode report =
        run(
            "reserved",
            "--duration",
            "3s",
            "--warmup",
            "1s",
            "--connections",
            "4",
            "--hold-ttl",
            "1s");
    assertThat(report.path("operations").has("complete")).isTrue();
    assertThat(report.path("checks").size()).isGreaterThanOrEqualTo(6);
    // The order rate counts only what the measured phase sold, not the warm-up's orders.
    double completions = report.path("operations").path("complete").path("throughput").asDouble();
    assertThat(report.path("figures").path("ordersPerSecond").asDouble())
        .isPositive()
        .isLessThanOrEqualTo(completions * 1.1);
  }

  @Test
  void flashSellsExactlyTheItemsAndKeepsThemThroughAKill() throws Exception {
    JsonNode report =
        run(
            "flash",
            "--items",
            "200",
            "--users",
            "2000",
            "--connections",
            "8",
            "--duration",
            "30s",
            "--restart-check");
    assertThat(report.path("figures").path("ordersAcknowledged").asInt()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    report.path("checks").forEach(c -> names.add(c.path("name").asText()));
    assertThat(names).anyMatch(n -> n.endsWith("(after restart)"));
  }

  @Test
  void reservedSpeaksTheOriginalTicketApiThroughTheCompatRoutes() throws Exception {
    JsonNode report =
        run(
            "reserved",
            "--api",
            "tickets-v0",
            "--duration",
            "3s",
            "--connections",
            "4",
            "--hold-ttl",
            "1s");
    assertThat(report.path("figures").path("api").asText()).isEqualTo("TICKETS_V0");
    assertThat(report.path("operations").path("complete").path("requests").asLong()).isPositive();
    assertThat(report.path("operations").path("read").path("requests").asLong()).isPositive();
  }

  @Test
  void lotterySpeaksTheOriginalServicesApiThroughTheCompatRoutes() throws Exception {
    JsonNode report =
        run(
            "lottery",
            "--api",
            "lottery-v0",
            "--capacity",
            "20",
            "--demand",
            "5",
            "--window",
            "3s",
            "--connections",
            "4");
    assertThat(report.path("figures").path("entered").asInt()).isEqualTo(100);
    assertThat(report.path("figures").path("statuses").path("WON").asInt()).isEqualTo(20);
  }

  @Test
  void lotteryDrawsExactlyTheCapacityAndTheDrawVerifies() throws Exception {
    JsonNode report =
        run(
            "lottery",
            "--capacity",
            "50",
            "--demand",
            "8",
            "--window",
            "3s",
            "--cooldown",
            "1s",
            "--connections",
            "8");
    assertThat(report.path("figures").path("entered").asInt()).isEqualTo(400);
    assertThat(report.path("figures").path("statuses").path("WON").asInt()).isEqualTo(50);
    List<String> names = new ArrayList<>();
    report.path("checks").forEach(c -> names.add(c.path("name").asText()));
    assertThat(names).contains("winners == capacity", "the draw verifies from what was published");
  }

  @Test
  void theWaitingRoomLetsEveryoneThroughInOrderAtItsRate() throws Exception {
    JsonNode report =
        run(
            "waitingroom",
            "--users",
            "600",
            "--capacity",
            "600",
            "--streams",
            "100",
            "--poll-every",
            "500ms",
            "--admission-rate",
            "200",
            "--join-rate",
            "600",
            "--max-active",
            "600",
            "--connections",
            "8");
    // The cap and the stock are above what the run needs: the admission rate is the room's own.
    assertThat(report.path("figures").path("bought").asInt()).isEqualTo(600);
    assertThat(report.path("figures").path("pushes").asInt()).isPositive();
    List<String> names = new ArrayList<>();
    report.path("checks").forEach(c -> names.add(c.path("name").asText()));
    assertThat(names)
        .contains("admission follows the queue", "admission rate within 1% of the configured");
  }

  @Test
  void aScenarioRefusesOptionsItDoesNotHave() {
    assertThat(refused("ceiling", "--demand", "3"))
        .contains("unknown option(s) for ceiling: [--demand, 3]");
    assertThat(refused("flash", "--demand", "3"))
        .contains("flash: Unknown options: '--demand', '3'");
    assertThat(refused("lottery", "--demand", "lots"))
        .contains("lottery: Invalid value for option '--demand'");
    assertThat(refused("waitingroom", "--join-rate", "0"))
        .contains("--join-rate must be 1 to 1000000");
  }

  /** What {@code loadtest} says on standard error when it refuses {@code args} as a usage error. */
  private static String refused(String... args) {
    StringWriter stderr = new StringWriter();
    CommandLine line = new CommandLine(new LoadtestCommand());
    line.setErr(new PrintWriter(stderr, true));
    assertThat(line.execute(args)).isEqualTo(2);
    return stderr.toString();
  }

  private JsonNode run(String scenario, String... options) throws Exception {
    Path out = dir.resolve(scenario + ".json");
    List<String> args = new ArrayList<>(List.of(scenario, "--spawn", "--quiet"));
    args.addAll(List.of(options));
    args.addAll(
        List.of(
            "--out",
            out.toString(),
            "--server-classpath",
            classpath(),
            "--server-jvm-option",
            "-Xmx256m",
            "--server-jvm-option",
            "-XX:TieredStopAtLevel=1"));
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    CommandLine line = new CommandLine(new LoadtestCommand());
    line.setOut(new PrintWriter(stdout, true));
    line.setErr(new PrintWriter(stderr, true));
    int code = line.execute(args.toArray(String[]::new));
    assertThat(code).as("exit code; report:%n%s%nlog:%n%s", stdout, stderr).isZero();
    JsonNode report = JSON.readTree(out.toFile());
    assertThat(report.path("passed").asBoolean()).as(stdout.toString()).isTrue();
    return report;
  }

  /** The test run's class path; Surefire keeps the real one aside when it launches via a jar. */
  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
