package dev.boxoffice.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of one load-test run: what ran, how fast, how slow at the tail, what went wrong, and
 * the invariant checks. Printed for people by {@link #toText} and written as JSON by {@link
 * #toJson} so that runs can be compared. Immutable.
 *
 * @param scenario the scenario's name
 * @param target the server's base URL
 * @param startedAt when the load started (ISO-8601)
 * @param mode "closed" (connections as fast as they go) or "open" (a target rate)
 * @param connections how many connections sent requests
 * @param targetRate the requested rate in open mode, 0 in closed mode
 * @param seconds how long the load ran
 * @param requests requests sent, answered or not
 * @param throughput requests per second over {@code seconds}
 * @param latency all requests' latency; in open mode measured from each request's intended send
 *     time
 * @param operations per kind of request
 * @param statusCodes responses by status code
 * @param errors transport errors and unexpected outcomes by kind
 * @param figures the scenario's own numbers (time to sold-out, orders per second...)
 * @param checks the invariants checked after the run
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Report(
    String scenario,
    String target,
    String startedAt,
    String mode,
    int connections,
    double targetRate,
    double seconds,
    long requests,
    double throughput,
    LatencySummary latency,
    Map<String, OperationReport> operations,
    Map<String, Long> statusCodes,
    Map<String, Long> errors,
    Map<String, Object> figures,
    List<Check> checks) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Report {
    operations = sorted(operations);
    statusCodes = sorted(statusCodes);
    errors = sorted(errors);
    figures = sorted(figures);
    checks = List.copyOf(checks);
  }

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }

  /** One kind of request: how many, how fast, how slow, and what the server answered. */
  public record OperationReport(
      long requests, double throughput, LatencySummary latency, Map<String, Long> statusCodes) {}

  /** Whether every check passed (a run with no checks passes). */
  @JsonProperty("passed")
  public boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }

  /** The report as indented JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The report for a person reading a terminal. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    line(
        out,
        "Scenario   %s against %s (%s loop, %d connections%s)",
        scenario,
        target,
        mode,
        connections,
        targetRate > 0 ? String.format(Locale.ROOT, ", target %.0f/s", targetRate) : "");
    line(out, "Duration   %.2f s, started %s", seconds, startedAt);
    line(out, "Requests   %,d   throughput %,.1f req/s", requests, throughput);
    line(out, "Latency    %s", latencyLine(latency));
    if (operations.size() > 1 || !operations.containsKey(scenario)) {
      operations.forEach(
          (name, op) ->
              line(
                  out,
                  "  %-12s %,d requests, %,.1f req/s, %s; status %s",
                  name,
                  op.requests(),
                  op.throughput(),
                  latencyLine(op.latency()),
                  op.statusCodes()));
    }
    line(out, "Status     %s", statusCodes);
    line(out, "Errors     %s", errors.isEmpty() ? "none" : errors);
    if (!figures.isEmpty()) {
      figures.forEach((k, v) -> line(out, "  %-24s %s", k, v));
    }
    line(out, "Checks");
    for (Check check : checks) {
      line(out, "  %s  %s: %s", check.verdict(), check.name(), check.detail());
    }
    line(out, "Result     %s", passed() ? "PASS" : "FAIL");
    return out.toString();
  }

  private static String latencyLine(LatencySummary l) {
    return String.format(
        Locale.ROOT,
        "p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms",
        l.p50Ms(),
        l.p90Ms(),
        l.p99Ms(),
        l.p999Ms(),
        l.maxMs());
  }

  @SuppressWarnings("AnnotateFormatMethod") // the annotation's jar is not worth a dependency
  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
