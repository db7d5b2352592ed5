package dev.boxoffice.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring set-up under {@code ops/} as the tests read it: the Grafana dashboard's PromQL
 * expressions, the alert rules' expressions, and the metric names they use.
 */
final class OpsFiles {
  /** A metric of the server's own in an expression: its families start with these prefixes. */
  private static final Pattern METRIC =
      Pattern.compile("(?<![A-Za-z0-9_:$])((?:boxoffice|http_server|jvm|process)_[A-Za-z0-9_]+)");

  private static final Pattern EXPR = Pattern.compile("^(\\s*)(?:- )?expr:\\s*(.*)$");

  /** What Grafana puts in the dashboard's variables, for expressions Prometheus can parse. */
  static final Map<String, String> GRAFANA_VARIABLES =
      Map.of(
          "$__rate_interval", "1m",
          "$__range", "1h",
          "$job", "boxoffice",
          "$instance", ".*");

  private OpsFiles() {}

  /** The repository's root: the nearest folder above the working one that holds {@code ops/}. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("ops/prometheus.yml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no ops/prometheus.yml above " + Path.of("").toAbsolutePath());
  }

  static Path ops(String file) {
    return root().resolve("ops").resolve(file);
  }

  /** Every PromQL expression of the dashboard: its panels' queries and its variables' queries. */
  static List<String> dashboardExpressions() {
    try {
      JsonNode dashboard = new ObjectMapper().readTree(ops("grafana/boxoffice.json").toFile());
      List<String> found = new ArrayList<>();
      collect(dashboard, found);
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collect(JsonNode node, List<String> found) {
    node.properties()
        .forEach(
            field -> {
              JsonNode value = field.getValue();
              if (value.isTextual()
                  && (field.getKey().equals("expr") || field.getKey().equals("definition"))) {
                found.add(value.asText());
              }
            });
    for (JsonNode child : node) {
      if (child.isContainerNode()) {
        collect(child, found);
      }
    }
  }

  /**
   * Every {@code expr} of the alert rules: on its line, or the block under {@code expr: |} (the
   * lines indented deeper than the key).
   */
  static List<String> alertExpressions() {
    try {
      List<String> lines = Files.readAllLines(ops("alerts.yml"));
      List<String> found = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = EXPR.matcher(lines.get(i));
        if (!m.matches()) {
          continue;
        }
        String rest = m.group(2).trim();
        if (!rest.startsWith("|") && !rest.startsWith(">")) {
          found.add(rest);
          continue;
        }
        int indent = m.group(1).length();
        StringBuilder block = new StringBuilder();
        while (i + 1 < lines.size()
            && (lines.get(i + 1).isBlank() || indentOf(lines.get(i + 1)) > indent)) {
          block.append(lines.get(++i).trim()).append('\n');
        }
        found.add(block.toString().trim());
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indentOf(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  /** The server's metric names in {@code expressions}, as they are written (with any suffix). */
  static Set<String> metricNames(List<String> expressions) {
    Set<String> names = new TreeSet<>();
    for (String expression : expressions) {
      Matcher m = METRIC.matcher(expression);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** {@code expression} with Grafana's variables replaced by values Prometheus can parse. */
  static String withVariablesSet(String expression) {
    // No variable's name starts another's, so the order of replacing does not matter.
    String set = expression;
    for (Map.Entry<String, String> variable : GRAFANA_VARIABLES.entrySet()) {
      set = set.replace(variable.getKey(), variable.getValue());
    }
    return set;
  }
}
