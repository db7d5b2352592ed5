package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PastSaleCommandTest {
  @TempDir Path data;

  private record Run(int exitCode, String out, String err) {}

  private static Run pastSale(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line =
        BoxofficeCommand.commandLine(Config.ofEnvironment(Map.of()), Clock.systemUTC());
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "past-sale";
    System.arraycopy(args, 0, all, 1, args.length);
    return new Run(line.execute(all), out.toString().strip(), err.toString());
  }

  @Test
  void writesTheSaleAndSaysWhatItWrote() {
    Run run = pastSale("--data", data.toString(), "--orders", "1000", "--ended-holds", "2000");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Wrote event past-sale: 1,000 orders, 2,000 ended holds in");
    assertThat(run.err()).contains("past-sale: 3,000 of 3,000 records");
  }

  @Test
  void aSecondRunOnTheSameFolderAndBadCountsAreRefusedInOneLine() {
    assertThat(pastSale("--data", data.toString(), "--orders", "10").exitCode()).isZero();

    Run again = pastSale("--data", data.toString(), "--orders", "10");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("already").doesNotContain("Exception");
    Run negative = pastSale("--data", data.toString(), "--orders", "-1");
    assertThat(negative.exitCode()).isEqualTo(1);
    assertThat(negative.err()).contains("--orders");
  }
}
