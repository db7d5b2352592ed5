package dev.boxoffice.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code boxoffice} program. Routes java.util.logging (which Helidon uses) into SLF4J, so that
 * every log line is JSON on standard output, then runs the command line and exits with its code.
 * What the commands themselves print for a person (the demo guide, a token) is plain text.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Slf4jLogging.routeJulToSlf4j();
    System.exit(run(args, System.getenv(), Path.of("").toAbsolutePath()));
  }

  /** Runs one command line with the given environment and working folder; returns its exit code. */
  static int run(String[] args, Map<String, String> env, Path workingDir) {
    Config config;
    try {
      config = Config.load(args, env, workingDir);
    } catch (Config.ConfigException e) {
      PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
      err.println("boxoffice: " + e.getMessage());
      return 2;
    }
    return BoxofficeCommand.commandLine(config, Clock.systemUTC()).execute(args);
  }
}
