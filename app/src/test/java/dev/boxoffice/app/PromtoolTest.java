package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus's own checker, promtool, on what {@code ops/} gives Prometheus and Grafana: the scrape
 * config (with the targets file and rules it names), the alert rules, and every expression of the
 * dashboard. Without promtool on the PATH the tests are skipped, saying so; in CI ({@code CI=true})
 * they fail instead, since CI installs it ({@code .ci/run}).
 */
@Timeout(60)
class PromtoolTest {
  private static final Optional<Path> PROMTOOL = onPath("promtool");

  @TempDir Path dir;

  /** Each test is skipped, with the reason, when promtool is missing; in CI it fails. */
  @BeforeEach
  void requirePromtool() {
    String why = "promtool is not on the PATH (Debian: apt-get install prometheus)";
    if (PROMTOOL.isEmpty() && "true".equals(System.getenv("CI"))) {
      fail(why + "; CI must run the checks of ops/");
    }
    assumeTrue(PROMTOOL.isPresent(), why);
  }

  @Test
  void theScrapeConfigWithItsTargetsAndRulesIsValid() throws Exception {
    // A copy beside a key file where the config looks for one (../data/keys/admin.key), so that
    // promtool checks everything, the files the config names included.
    Path ops = Files.createDirectories(dir.resolve("ops"));
    for (String file : List.of("prometheus.yml", "alerts.yml", "targets.yml")) {
      Files.copy(OpsFiles.ops(file), ops.resolve(file));
    }
    Path key = Files.createDirectories(dir.resolve("data/keys")).resolve("admin.key");
    Files.writeString(key, "an-admin-key-for-promtool");

    assertThat(run("check", "config", ops.resolve("prometheus.yml").toString()))
        .contains("SUCCESS: 1 rule files found")
        .contains("5 rules found");
  }

  @Test
  void theAlertRulesAreValid() throws Exception {
    assertThat(run("check", "rules", OpsFiles.ops("alerts.yml").toString()))
        .contains("SUCCESS: 5 rules found");
  }

  @Test
  void everyExpressionOfTheDashboardParses() throws Exception {
    // Each expression as a recording rule, Grafana's variables set: promtool parses them all.
    List<String> expressions = OpsFiles.dashboardExpressions();
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<String> checked = new ArrayList<>();
    for (String expression : expressions) {
      String promql = OpsFiles.withVariablesSet(promql(expression));
      checked.add(promql);
      rules
          .append("      - record: dashboard:expression_")
          .append(checked.size())
          .append("\n        expr: '")
          .append(promql.replace("'", "''"))
          .append("'\n");
    }
    Path file = dir.resolve("dashboard-rules.yml");
    Files.writeString(file, rules);

    assertThat(run("check", "rules", file.toString()))
        .contains("SUCCESS: " + checked.size() + " rules found");
  }

  /**
   * The PromQL of a dashboard expression: a variable's {@code label_values(SELECTOR, LABEL)} is
   * Grafana's, and only its selector is PromQL.
   */
  private static String promql(String expression) {
    return expression.startsWith("label_values(")
        ? expression.substring("label_values(".length(), expression.lastIndexOf(','))
        : expression;
  }

  /** Runs promtool with {@code args}; its output, once it has exited 0. */
  private static String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(PROMTOOL.orElseThrow().toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String folder : path.split(Pattern.quote(File.pathSeparator), -1)) {
      Path candidate = Path.of(folder, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
