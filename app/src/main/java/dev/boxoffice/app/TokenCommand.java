package dev.boxoffice.app;

import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.http.SessionTokens;
import dev.boxoffice.loadtest.DurationConverter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boxoffice token}: prints a session token for a user, signed with the key the server of the
 * same data folder uses (or {@code session-key} from the config), so scripts and load tests can act
 * as many users without creating accounts. Prints only the token, so {@code TOKEN=$(...)} works.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    versionProvider = BoxofficeCommand.Version.class,
    description = {
      "Prints a valid session token for a user, signed with the server's session key",
      "(<data>/keys/session.key, created if missing, or the session-key setting)."
    })
final class TokenCommand implements Callable<Integer> {
  private static final int MAX_COUNT = 1_000_000;

  private final Config config;
  private final InstantSource clock;

  @Spec CommandSpec spec;

  @Option(
      names = "--user",
      required = true,
      paramLabel = "NAME",
      description = "The user the token speaks for (its subject).")
  String user;

  @Option(
      names = "--data",
      defaultValue = "./data",
      paramLabel = "DIR",
      description = "The server's data folder, where the session key is kept.")
  Path data;

  @Option(
      names = "--ttl",
      defaultValue = "1h",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "How long the token is valid (30m, 1h, 7d).")
  Duration ttl;

  @Option(
      names = "--count",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Print tokens for N users, NAME-1 to NAME-N, one per line (for load tests);"
              + " 1 prints just NAME's.")
  int count;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Properties file of settings (data, session-key). Default: "
              + Config.DEFAULT_FILE
              + " in the working folder, if present.")
  Path configFile;

  TokenCommand(Config config, InstantSource clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new Config.ConfigException("--ttl must be at least one second");
    }
    if (count < 1 || count > MAX_COUNT) {
      throw new Config.ConfigException("--count must be between 1 and " + MAX_COUNT);
    }
    SessionTokens tokens = SessionTokens.hmac(Keys.sessionKey(config, data), ttl, clock);
    PrintWriter out = spec.commandLine().getOut();
    if (count == 1) {
      out.println(tokens.issue(new UserId(user)));
    } else {
      for (int i = 1; i <= count; i++) {
        out.println(tokens.issue(new UserId(user + "-" + i)));
      }
    }
    out.flush();
    return 0;
  }
}
