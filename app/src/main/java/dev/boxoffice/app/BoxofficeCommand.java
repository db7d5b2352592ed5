package dev.boxoffice.app;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.loadtest.LoadtestCommand;
import dev.boxoffice.store.embedded.JournalException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code boxoffice}: the top-level command. Alone it prints its usage; the work is in its
 * subcommands. {@link #commandLine} builds the whole tree with one {@link Config} as the source of
 * defaults, so every subcommand reads flags, environment and file the same way.
 */
@Command(
    name = "boxoffice",
    mixinStandardHelpOptions = true,
    versionProvider = BoxofficeCommand.Version.class,
    description = "Ticket sales for extreme demand: one server, durable on one machine.",
    commandListHeading = "%nCommands:%n",
    footer = {
      "",
      "Run 'boxoffice COMMAND --help' for a command's options and their defaults.",
      "Settings: a flag beats its BOXOFFICE_* environment variable,",
      "which beats the config file (boxoffice.properties)."
    })
final class BoxofficeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** The command tree, reading defaults from {@code config} and time from {@code clock}. */
  static CommandLine commandLine(Config config, InstantSource clock) {
    CommandLine line = new CommandLine(new BoxofficeCommand());
    line.addSubcommand(new ServeCommand(config, clock));
    line.addSubcommand(new TokenCommand(config, clock));
    line.addSubcommand(new PastSaleCommand(clock));
    line.addSubcommand(new LoadtestCommand());
    line.addSubcommand(new VerifyDrawCommand());
    line.addSubcommand(new ReplayOrdersCommand());
    // Set after the subcommands are added: picocli hands it down the tree as it is now.
    line.setDefaultValueProvider(config);
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setExecutionExceptionHandler(new ShortErrors());
    return line;
  }

  /**
   * Reports a configuration mistake, an invalid value, a journal that cannot be opened (another
   * server holds the data folder, say) or an I/O failure as one line naming the command, with exit
   * code 1; anything else is a bug and keeps its stack trace.
   */
  private static final class ShortErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception e, CommandLine line, CommandLine.ParseResult parsed) throws Exception {
      if (e instanceof Config.ConfigException
          || e instanceof InvalidValueException
          || e instanceof JournalException
          || e instanceof IOException
          || e instanceof UncheckedIOException) {
        line.getErr().println("boxoffice " + line.getCommandName() + ": " + describe(e));
        line.getErr().flush();
        return 1;
      }
      throw e;
    }

    private static String describe(Exception e) {
      return e instanceof IOException || e instanceof UncheckedIOException
          ? e.getClass().getSimpleName() + ": " + e.getMessage()
          : e.getMessage();
    }
  }

  /** The version of this build, from the properties file Maven fills in. */
  static final class Version implements IVersionProvider {
    private static final String CURRENT = load();

    static String current() {
      return CURRENT;
    }

    @Override
    public String[] getVersion() {
      return new String[] {
        "boxoffice " + CURRENT,
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }

    private static String load() {
      try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          return "unknown";
        }
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version", "unknown");
      } catch (IOException e) {
        return "unknown";
      }
    }
  }
}
