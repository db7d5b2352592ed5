package dev.boxoffice.app;

import dev.boxoffice.store.embedded.PastSale;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boxoffice past-sale}: writes the history of a big sale into a data folder through the
 * store, quickly, so that restart time and selling speed on a folder that has seen a lot can be
 * measured (see BENCHMARKS.md). Not for a folder a server is using: the journal refuses a second
 * process.
 */
@Command(
    name = "past-sale",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    versionProvider = BoxofficeCommand.Version.class,
    description = {
      "Writes a big sale's history into a data folder, through the store, to measure restart",
      "time and selling speed on a folder that has seen a lot: event '"
          + PastSale.EVENT_ID
          + "' with one order per buyer",
      "and many holds that ended (expired or released) over the last 20 hours."
    })
final class PastSaleCommand implements Callable<Integer> {
  private static final int MAX = 50_000_000;

  private final InstantSource clock;

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      defaultValue = "./data",
      paramLabel = "DIR",
      description = "The data folder; created if missing.")
  Path data;

  @Option(
      names = "--orders",
      defaultValue = "1000000",
      paramLabel = "N",
      description = "Orders of one ticket, each by its own buyer.")
  int orders;

  @Option(
      names = "--ended-holds",
      defaultValue = "5000000",
      paramLabel = "N",
      description = "Holds that ended without an order (9 in 10 expired, 1 in 10 released).")
  int endedHolds;

  PastSaleCommand(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    if (orders < 0 || orders > MAX || endedHolds < 0 || endedHolds > MAX) {
      throw new Config.ConfigException(
          "--orders and --ended-holds must be between 0 and " + String.format("%,d", MAX));
    }
    PrintWriter err = spec.commandLine().getErr();
    long total = (long) orders + endedHolds;
    long started = System.nanoTime();
    err.printf(
        "past-sale: writing %,d orders and %,d ended holds to %s%n", orders, endedHolds, data);
    err.flush();
    try {
      PastSale.write(
          data,
          orders,
          endedHolds,
          clock,
          written -> {
            err.printf("past-sale: %,d of %,d records%n", written, total);
            err.flush();
          });
    } catch (IllegalStateException e) {
      throw new Config.ConfigException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Wrote event %s: %,d orders, %,d ended holds in %.1f s to %s%n",
        PastSale.EVENT_ID, orders, endedHolds, (System.nanoTime() - started) / 1e9, data);
    out.flush();
    return 0;
  }
}
