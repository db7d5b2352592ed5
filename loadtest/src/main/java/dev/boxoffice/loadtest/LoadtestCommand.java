package dev.boxoffice.loadtest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code boxoffice loadtest SCENARIO}: drives a server with a scenario, prints progress every
 * second on standard error, then the report (throughput, latency percentiles, status codes, errors,
 * checks) on standard output, and exits 0 only when every check passed (1 when one failed, 2 for a
 * usage mistake).
 *
 * <p>It targets a server already running on this machine ({@code --url}, with the admin key and the
 * session key from {@code --admin-key} / {@code --data} / {@code --session-key}), or starts one
 * itself in a temporary data folder ({@code --spawn}), which also makes {@code --restart-check}
 * possible: SIGKILL the server after the load, restart it on the same data, and check again.
 */
@Command(
    name = "loadtest",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    sortOptions = false,
    description = {
      "Load-tests a Boxoffice server on this machine, then checks its invariants from outside.",
      "Progress goes to standard error once a second; the report to standard output."
    },
    footerHeading = "%nScenarios:%n")
public final class LoadtestCommand implements Callable<Integer> {
  private CommandSpec spec;

  /** The lines after the scenarios in {@code --help}. */
  private static final List<String> EXAMPLES =
      List.of(
          "",
          "Examples:",
          "  boxoffice loadtest ceiling --spawn --duration 10s --warmup 3s",
          "  boxoffice loadtest reserved --spawn --read-share 0 --out buy.json",
          "  boxoffice loadtest reserved --spawn --read-share 0 --mode holds --hold-ttl 30s -d 3m",
          "  boxoffice loadtest flash --spawn --restart-check --out flash.json",
          "  boxoffice loadtest lottery --spawn --demand 20 --window 120s --cooldown 60s",
          "  boxoffice loadtest waitingroom --spawn --warmup 30s",
          "  boxoffice loadtest reserved --url http://127.0.0.1:8080 --data ./data",
          "",
          "Exit code: 0 all checks passed, 1 a check failed or the run broke,",
          "2 usage error.");

  /** Takes the command's spec, and lists every scenario in its help, each by its description. */
  @Spec
  void spec(CommandSpec spec) {
    this.spec = spec;
    List<String> footer = new ArrayList<>();
    for (Scenario scenario : Scenarios.all()) {
      footer.addAll(helpLines(scenario.name(), scenario.description()));
    }
    footer.addAll(EXAMPLES);
    // Picocli formats the footer: a description's own "%" must reach it as "%%".
    spec.usageMessage()
        .footer(footer.stream().map(l -> l.replace("%", "%%")).toArray(String[]::new));
  }

  /** {@code name} and its description, wrapped under it at 78 columns. */
  private static List<String> helpLines(String name, String description) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder("  " + name);
    String indent = " ".repeat(14);
    if (line.length() >= indent.length()) {
      lines.add(line.toString());
      line = new StringBuilder(indent);
    } else {
      line.append(" ".repeat(indent.length() - line.length()));
    }
    for (String word : description.split(" ")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > 78) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  @Parameters(
      index = "0",
      paramLabel = "SCENARIO",
      completionCandidates = Scenarios.class,
      description = "What to run: ${COMPLETION-CANDIDATES}.")
  String scenarioName;

  /** Options of the chosen scenario's own ({@link Scenario#options}), such as lottery's. */
  @Unmatched List<String> scenarioArgs = new ArrayList<>();

  @Option(
      names = "--url",
      defaultValue = "http://127.0.0.1:8080",
      paramLabel = "URL",
      description = "The server to test; only 127.0.0.1, localhost and ::1 are accepted.")
  String url;

  @Option(
      names = "--spawn",
      description =
          "Start a server in a temporary data folder on a free port for this run, and stop it"
              + " after (needs the boxoffice app on the class path).")
  boolean spawn;

  @Option(
      names = "--admin-key",
      paramLabel = "KEY",
      description =
          "The server's admin key, with --url. Default: BOXOFFICE_ADMIN_KEY, else"
              + " <data>/keys/admin.key.")
  String adminKey;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "The server's data folder, with --url: its keys/session.key signs the users' tokens."
              + " Default: ./data if it exists.")
  Path data;

  @Option(
      names = "--session-key",
      paramLabel = "BASE64",
      description = "The server's session signing key, with --url, instead of --data.")
  String sessionKey;

  @Option(
      names = {"-c", "--connections"},
      paramLabel = "N",
      description = "Keep-alive connections, one request in flight each. Default: the scenario's.")
  Integer connections;

  @Option(
      names = {"-d", "--duration"},
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Longest the load runs (30s, 2m). Default: the scenario's.")
  Duration duration;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Run this long unmeasured first, so both sides' JIT is warm (flash buys on a"
              + " separate warm-up event, so the sale itself starts warm).")
  Duration warmup;

  @Option(
      names = {"-r", "--rate"},
      paramLabel = "PER_SECOND",
      defaultValue = "0",
      description =
          "Open loop: steps per second, latency measured from each step's scheduled time."
              + " 0 = closed loop (each connection as fast as it can).")
  double rate;

  @Option(
      names = "--items",
      paramLabel = "N",
      defaultValue = "10000",
      description = "flash: tickets on sale.")
  int items;

  @Option(
      names = "--users",
      paramLabel = "N",
      defaultValue = "100000",
      description = "flash: distinct buyers; waitingroom: users who join.")
  int users;

  @Option(
      names = "--capacity",
      paramLabel = "N",
      description =
          "reserved: tickets per ticket type (three types), default 1000000;"
              + " lottery: tickets, default 10000; waitingroom: tickets, default 100000.")
  Integer capacity;

  @Option(
      names = "--hold-ttl",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "How long the test events keep a hold.")
  Duration holdTtl;

  @Option(
      names = "--read-share",
      paramLabel = "FRACTION",
      defaultValue = "0.5",
      description = "reserved: share of steps that read the event instead of buying.")
  double readShare;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "buy",
      converter = ReservedMode.Converter.class,
      description =
          "reserved: buy (hold, then mostly complete) or holds (hold and leave every hold to"
              + " expire, so live holds pile up).")
  ReservedMode mode;

  /** What the reserved scenario does with its holds. */
  enum ReservedMode {
    BUY,
    HOLDS;

    static final class Converter extends AnyCase<ReservedMode> {
      Converter() {
        super(ReservedMode.class);
      }
    }
  }

  @Option(
      names = "--restart-check",
      description =
          "With --spawn: after the checks, SIGKILL the server, restart it on the same data and"
              + " check again.")
  boolean restartCheck;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Also write the report as JSON to FILE.")
  Path out;

  /** What runs each connection's loop. */
  enum Threads {
    AUTO,
    PLATFORM,
    VIRTUAL;

    static final class Converter extends AnyCase<Threads> {
      Converter() {
        super(Threads.class);
      }
    }
  }

  /** Reads an option's enum value in any letter case. */
  abstract static class AnyCase<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
    private final Class<E> type;

    AnyCase(Class<E> type) {
      this.type = type;
    }

    @Override
    public E convert(String value) {
      try {
        return Enum.valueOf(
            type, value.strip().replace('-', '_').toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'"
                + value
                + "' is not one of "
                + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .collect(java.util.stream.Collectors.joining(", ")));
      }
    }
  }

  /** Up to this many connections, AUTO gives each its own platform thread. */
  static final int PLATFORM_THREADS_UP_TO = 256;

  @Option(
      names = "--threads",
      paramLabel = "KIND",
      defaultValue = "auto",
      converter = Threads.Converter.class,
      description =
          "Thread per connection: PLATFORM (a blocking read costs one system call), VIRTUAL (scales"
              + " to many thousands of connections), or AUTO (platform up to "
              + PLATFORM_THREADS_UP_TO
              + " connections).")
  Threads threads;

  @Option(
      names = "--server-classpath",
      paramLabel = "PATH",
      description = "With --spawn: the class path of the server. Default: this program's.")
  String serverClasspath;

  @Option(
      names = "--server-main-class",
      hidden = true,
      defaultValue = SpawnedServer.MAIN_CLASS,
      description = "With --spawn: the server's main class (for testing the tool itself).")
  String serverMainClass;

  @Option(
      names = "--server-jvm-option",
      paramLabel = "OPTION",
      description = "With --spawn: a JVM option for the server (repeatable), e.g. -Xmx1g.")
  List<String> serverJvmOptions = new ArrayList<>();

  @Option(
      names = "--server-option",
      paramLabel = "OPTION",
      description =
          "With --spawn: an option for the server's serve command (repeatable), e.g."
              + " --server-option=--journal-sync=normal.")
  List<String> serverOptions = new ArrayList<>();

  @Option(
      names = "--keep-data",
      description = "With --spawn: keep the server's temporary data folder (printed at the end).")
  boolean keepData;

  @Option(names = "--quiet", description = "No progress lines on standard error.")
  boolean quiet;

  /** Runs the command on its own, outside {@code boxoffice}: the same options and exit codes. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadtestCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Optional<Scenario> found = Scenarios.create(scenarioName);
    if (found.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "unknown scenario '"
              + scenarioName
              + "'; choose one of "
              + String.join(", ", new Scenarios()));
    }
    Scenario scenario = found.get();
    parseScenarioOptions(scenario);
    Settings settings;
    try {
      settings =
          new Settings(
              connections != null ? connections : scenario.defaultConnections(),
              duration != null ? duration : scenario.defaultDuration(),
              rate,
              items,
              users,
              capacity != null ? capacity : scenario.defaultCapacity(),
              holdTtl,
              readShare,
              mode == ReservedMode.HOLDS,
              usePlatformThreads(
                  threads, connections != null ? connections : scenario.defaultConnections()),
              warmup);
      settings = scenario.adjust(settings);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (restartCheck && !spawn) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--restart-check needs --spawn: only a server it started can be killed");
    }
    PrintWriter progress = quiet ? new PrintWriter(Writer.nullWriter()) : err;
    SpawnedServer server = null;
    try {
      Run run;
      if (spawn) {
        String classpath =
            serverClasspath != null ? serverClasspath : System.getProperty("java.class.path");
        err.println("loadtest: starting a server (" + serverMainClass + ") ...");
        err.flush();
        List<String> options = new ArrayList<>(scenario.serverOptions());
        options.addAll(serverOptions);
        server =
            SpawnedServer.start(classpath, serverMainClass, serverJvmOptions, options, keepData);
        run =
            new Run(
                server.target(), server.adminKey(), Tokens.fromDataDir(server.data()), settings);
      } else {
        Target target;
        try {
          target = Target.parse(url);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        run = new Run(target, resolveAdminKey(), resolveTokens(), settings);
      }
      SpawnedServer spawned = server;
      Restart restart =
          restartCheck
              ? () -> {
                spawned.kill();
                spawned.restart();
              }
              : Restart.NONE;
      Report report = execute(scenario, run, restart, progress, err);
      spec.commandLine().getOut().print(report.toText());
      spec.commandLine().getOut().flush();
      if (out != null) {
        Files.writeString(out, report.toJson() + "\n", StandardCharsets.UTF_8);
      }
      if (server != null && keepData) {
        err.println("loadtest: the server's data is kept in " + server.data());
      }
      return report.passed() ? 0 : 1;
    } catch (IOException e) {
      err.println("loadtest " + scenarioName + ": " + e.getMessage());
      if (server != null) {
        err.println("server log (" + server.data().resolve("server.log") + "):");
        err.println(server.logTail());
      }
      return 1;
    } finally {
      err.flush();
      if (server != null) {
        server.close();
      }
    }
  }

  /**
   * Hands the options the command does not know to the scenario's own ({@link Scenario#options}),
   * so a scenario brings its options beside its code; a scenario without any refuses them.
   */
  private void parseScenarioOptions(Scenario scenario) {
    Optional<Object> options = scenario.options();
    if (options.isEmpty()) {
      if (!scenarioArgs.isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "unknown option(s) for " + scenario.name() + ": " + scenarioArgs);
      }
      return;
    }
    try {
      new CommandLine(options.get()).parseArgs(scenarioArgs.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), scenario.name() + ": " + e.getMessage());
    }
  }

  /** Kills and restarts the server for {@code --restart-check}. */
  @FunctionalInterface
  interface Restart {
    /** No restart: the checks run once. */
    Restart NONE = () -> {};

    void killAndRestart() throws IOException, InterruptedException;
  }

  /** Setup, load, checks (and the restart check), in that order; the report of it all. */
  static Report execute(
      Scenario scenario, Run run, Restart restart, PrintWriter progress, PrintWriter err)
      throws IOException, InterruptedException {
    Settings s = run.settings();
    err.printf(
        "loadtest %s: %s, %d connections, %s loop, up to %s%s%n",
        scenario.name(),
        run.target().url(),
        s.connections(),
        s.openLoop() ? "open (" + s.rate() + "/s)" : "closed",
        s.duration(),
        s.warmup().isZero() ? "" : " after a warm-up of " + s.warmup());
    err.flush();
    scenario.setup(run);
    LoadGenerator.Outcome outcome = new LoadGenerator(scenario, run, progress).run();
    run.loadFinished(outcome.elapsedNanos());
    err.println("loadtest " + scenario.name() + ": load done, checking ...");
    err.flush();
    Measurements m = run.measurements();
    long nanos = outcome.elapsedNanos();
    Map<String, Long> statuses = m.statusCodes();
    Map<String, Long> errors = m.errors();
    List<Check> checks = new ArrayList<>();
    checks.add(Checks.noErrors(m.requests(), errors, statuses));
    checks.addAll(checkOrFail(scenario, run));
    if (restart != Restart.NONE) {
      err.println("loadtest " + scenario.name() + ": kill -9 the server, restart, check again ...");
      err.flush();
      restart.killAndRestart();
      for (Check c : checkOrFail(scenario, run)) {
        checks.add(c.named("after restart"));
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>(scenario.figures(run));
    return new Report(
        scenario.name(),
        run.target().url(),
        outcome.startedAt().toString(),
        s.openLoop() ? "open" : "closed",
        s.connections(),
        s.rate(),
        Math.round(nanos / 1e6) / 1000.0,
        m.requests(),
        Rates.round1(Rates.perSecond(m.requests(), nanos)),
        m.latency(),
        m.operations(nanos),
        statuses,
        errors,
        figures,
        checks);
  }

  /** The scenario's checks; when the server cannot even be asked, one failed check saying so. */
  private static List<Check> checkOrFail(Scenario scenario, Run run) throws InterruptedException {
    try {
      return scenario.check(run);
    } catch (IOException e) {
      return List.of(
          Check.fail(
              "the server answers the checks",
              e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  static boolean usePlatformThreads(Threads threads, int connections) {
    return switch (threads) {
      case PLATFORM -> true;
      case VIRTUAL -> false;
      case AUTO -> connections <= PLATFORM_THREADS_UP_TO;
    };
  }

  private String resolveAdminKey() throws IOException {
    if (adminKey != null && !adminKey.isBlank()) {
      return adminKey.strip();
    }
    String fromEnv = System.getenv("BOXOFFICE_ADMIN_KEY");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    Optional<Path> dir = dataDir();
    if (dir.isPresent() && Files.exists(dir.get().resolve("keys").resolve("admin.key"))) {
      return Files.readString(
              dir.get().resolve("keys").resolve("admin.key"), StandardCharsets.US_ASCII)
          .strip();
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "the admin key is needed: --admin-key, BOXOFFICE_ADMIN_KEY, or --data DIR with"
            + " keys/admin.key");
  }

  private Tokens resolveTokens() throws IOException {
    try {
      if (sessionKey != null && !sessionKey.isBlank()) {
        return Tokens.withBase64Key(sessionKey);
      }
      Optional<Path> dir = dataDir();
      if (dir.isPresent() && Files.exists(Tokens.sessionKeyFile(dir.get()))) {
        return Tokens.fromDataDir(dir.get());
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "the session key is needed to act as users: --data DIR (with keys/session.key) or"
            + " --session-key BASE64");
  }

  private Optional<Path> dataDir() {
    if (data != null) {
      return Optional.of(data);
    }
    Path local = Path.of("data");
    return Files.isDirectory(local) ? Optional.of(local) : Optional.empty();
  }
}
