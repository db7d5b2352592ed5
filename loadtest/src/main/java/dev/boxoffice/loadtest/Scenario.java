package dev.boxoffice.loadtest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workload and the invariants it proves. The tool calls {@link #setup} once (create events
 * through the admin API, mint tokens), then {@link #step} over and over from every connection's
 * worker until the duration ends or a step returns false, then {@link #check} (and, with {@code
 * --restart-check}, kills the server, restarts it on the same data and calls {@link #check} again),
 * and finally {@link #figures} for the report.
 *
 * <p>A scenario object serves one run. Thread policy: {@link #step} is called concurrently from
 * every worker, so the state it shares must be thread-safe; the other methods are called from the
 * coordinating thread while no step runs.
 */
public interface Scenario {
  /** The name on the command line: {@code loadtest NAME}. */
  String name();

  /** One line for {@code --help}. */
  String description();

  /** Connections when {@code --connections} is not given. */
  default int defaultConnections() {
    return 10;
  }

  /** The load's time limit when {@code --duration} is not given. */
  default Duration defaultDuration() {
    return Duration.ofSeconds(30);
  }

  /** {@code --capacity} when it is not given. */
  default int defaultCapacity() {
    return 1_000_000;
  }

  /**
   * This scenario's own command-line options: an object with picocli {@code @Option} fields, filled
   * from the options {@code loadtest} does not know itself, before {@link #adjust}. None by
   * default.
   */
  default Optional<Object> options() {
    return Optional.empty();
  }

  /**
   * The settings this run uses, from those the command line gave: a scenario with a pace of its own
   * (users spread over a window) sets its rate and duration here.
   *
   * @throws IllegalArgumentException for settings it cannot run with, said as a usage error
   */
  default Settings adjust(Settings settings) {
    return settings;
  }

  /**
   * Options a server this scenario spawns needs, beside any given with {@code --server-option}: a
   * limit meant for real clients lifted, say, since every simulated user comes from this machine.
   */
  default List<String> serverOptions() {
    return List.of();
  }

  /** Prepares the server before any load. */
  void setup(Run run) throws IOException, InterruptedException;

  /**
   * One unit of work on the worker's connection: one request or a short sequence (hold, then
   * complete). Returns false when the scenario has no more work for anyone.
   *
   * <p>During {@code --warmup} ({@link Worker#warmingUp()}) steps run unmeasured; a scenario with a
   * fixed amount of work (a sale of N items) must not spend it then, and does similar work
   * elsewhere instead.
   */
  boolean step(Worker worker) throws InterruptedException;

  /** Checks the server's state from the outside after the load. */
  List<Check> check(Run run) throws IOException, InterruptedException;

  /** The scenario's own numbers for the report (time to sold-out, orders per second...). */
  default Map<String, Object> figures(Run run) {
    return Map.of();
  }
}
